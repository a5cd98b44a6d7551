package io.dropguard.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Checks on what is in a database, read through a plain (unguarded) connection. */
public final class Rows {
  private Rows() {}

  /** The number of rows of {@code table}. */
  public static long count(Connection raw, String table) throws SQLException {
    try (Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The rows of {@code table} as {@code id=name} lines ordered by {@code id}: compares contents, not counts. */
  public static String contents(Connection raw, String table) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("select id, name from " + table + " order by id")) {
      while (rs.next()) {
        sb.append(rs.getLong(1)).append('=').append(rs.getString(2)).append('\n');
      }
    }
    return sb.toString();
  }

  /** Whether {@code table} exists, asked of the metadata (so a missing table aborts no transaction). */
  public static boolean tableExists(Connection raw, String table) throws SQLException {
    DatabaseMetaData md = raw.getMetaData();
    for (String name : new String[] {table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = md.getTables(raw.getCatalog(), null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code table} has a column {@code column}. */
  public static boolean columnExists(Connection raw, String table, String column) throws SQLException {
    DatabaseMetaData md = raw.getMetaData();
    for (String t : new String[] {table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)}) {
      for (String c : new String[] {column.toLowerCase(Locale.ROOT), column.toUpperCase(Locale.ROOT)}) {
        try (ResultSet rs = md.getColumns(raw.getCatalog(), null, t, c)) {
          if (rs.next()) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
