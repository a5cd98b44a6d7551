package io.dropguard.core.snapshot;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.StatementContext;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared helpers for the snapshot tests: a plain StatementContext, findings, and table contents as text. */
final class Fixture {
  private Fixture() {}

  static final class Context implements StatementContext {
    final Connection raw;
    final String url;
    final TestDatabase db;

    Context(Connection raw, String url, TestDatabase db) {
      this.raw = raw;
      this.url = url;
      this.db = db;
    }

    @Override
    public Connection rawConnection() {
      return raw;
    }

    @Override
    public Connection openSeparateConnection() throws SQLException {
      return DriverManager.getConnection(url, db.credentials());
    }

    @Override
    public String presentedToken() {
      return null;
    }

    @Override
    public void tokenConsumed() {}
  }

  static ConnectionIdentity identity(String url, Dialect d) {
    return new ConnectionIdentity(url, "sa", null, null, null, d);
  }

  static Finding finding(StatementKind kind, String... names) {
    List<ObjectName> targets = new ArrayList<>();
    for (String n : names) {
      targets.add(new ObjectName(Arrays.asList(n.split("\\."))));
    }
    return new Finding(kind, "table", targets, "test");
  }

  static SnapshotOptions options(Path dir) {
    return new SnapshotOptions(SnapshotOptions.Store.DIRECTORY, dir, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Every row of a table as text, binary values as hex, in key order: what a round trip must preserve. */
  static List<String> contents(Connection c, String table, String orderBy) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          int t = md.getColumnType(i);
          String v;
          if (t == Types.BINARY || t == Types.VARBINARY || t == Types.LONGVARBINARY || t == Types.BLOB) {
            byte[] b = rs.getBytes(i);
            v = b == null ? "NULL" : "0x" + java.util.HexFormat.of().formatHex(b);
          } else {
            String s = rs.getString(i);
            v = s == null ? "NULL" : "'" + s + "'";
          }
          sb.append(md.getColumnName(i)).append('=').append(v).append(' ');
        }
        rows.add(sb.toString());
      }
    }
    return rows;
  }

  static void exec(Connection c, String... sqls) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : sqls) {
        st.execute(s);
      }
    }
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Snapshot find(Path dir, String id) throws java.io.IOException {
    return new SnapshotDirectory(dir).find(id).orElseThrow();
  }
}
