package io.dropguard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The statements of every workload, shared by the JMH benchmarks and the long heap run. Each call borrows a
 * connection from the pool and returns it, as an application request does.
 */
final class Workload {
  static final String POINT_SELECT = "SELECT name, balance FROM bench_account WHERE id = ?";
  static final String UPDATE_BALANCE = "UPDATE bench_account SET balance = balance + ? WHERE id = ?";
  static final String INSERT_HISTORY = "INSERT INTO bench_history (account_id, amount) VALUES (?, ?)";
  static final int BATCH = 100;

  private Workload() {}

  static long pointSelect(DataSource ds, int id) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(2) : -1;
      }
    }
  }

  /** Read an account, move an amount, record it: three prepared statements on one connection. */
  static long oltpMix(DataSource ds, int id, long amount) throws SQLException {
    try (Connection c = ds.getConnection()) {
      long balance;
      try (PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          balance = rs.next() ? rs.getLong(2) : -1;
        }
      }
      int updated;
      try (PreparedStatement ps = c.prepareStatement(UPDATE_BALANCE)) {
        ps.setLong(1, amount);
        ps.setInt(2, id);
        updated = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_HISTORY)) {
        ps.setInt(1, id);
        ps.setLong(2, amount);
        updated += ps.executeUpdate();
      }
      return balance + updated;
    }
  }

  static int batchInsert(DataSource ds, int firstId) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_HISTORY)) {
      for (int i = 0; i < BATCH; i++) {
        ps.setInt(1, (firstId + i) % BenchSchema.ACCOUNTS);
        ps.setLong(2, i);
        ps.addBatch();
      }
      return ps.executeBatch().length;
    }
  }

  /** A SELECT whose text is new every time: literals inlined, as string-built SQL does. */
  static String uniqueSelectSql(long n) {
    return "SELECT name, balance FROM bench_account WHERE id = " + (n % BenchSchema.ACCOUNTS) + " AND balance > -" + n;
  }

  static String uniqueInsertSql(long n) {
    return "INSERT INTO bench_log (id, payload) VALUES (" + n + ", 'p" + n + "')";
  }

  /** A DELETE scoped by a real, row-restricting WHERE (by primary key), new text every time. */
  static String uniqueDeleteSql(long n) {
    return "DELETE FROM bench_log WHERE id = " + n + " AND payload = 'p" + n + "'";
  }

  static String uniqueUpdateSql(long n) {
    return "UPDATE bench_account SET balance = " + n + " WHERE id = " + (n % BenchSchema.ACCOUNTS);
  }

  static long query(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(2) : -1;
    }
  }

  static int update(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** Allowed DDL: create a scratch table and drop it again (two statements, both new text). */
  static int ddl(DataSource ds, long n) throws SQLException {
    String table = "bench_tmp_" + n;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
      s.execute("DROP TABLE " + table);
      return 2;
    }
  }
}
