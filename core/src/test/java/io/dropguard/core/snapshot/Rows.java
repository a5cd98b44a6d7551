package io.dropguard.core.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Catalog checks for the snapshot tests. */
final class Rows {
  private Rows() {}

  static boolean tableExists(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }

  static boolean indexExists(Connection c, String table, String index) throws SQLException {
    try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
      while (rs.next()) {
        if (index.equals(rs.getString("INDEX_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }
}
