package io.dropguard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables every workload uses, created and emptied through a raw connection so that no stack sees (or pays for)
 * the set-up.
 */
final class BenchSchema {
  /** Rows in bench_account; point selects and updates pick ids below this. */
  static final int ACCOUNTS = 10_000;

  private BenchSchema() {}

  static void create(Database db) throws SQLException {
    if (db == Database.STUB) {
      return;
    }
    try (Connection c = db.openAdmin(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_account");
      s.execute("DROP TABLE IF EXISTS bench_history");
      s.execute("DROP TABLE IF EXISTS bench_log");
      s.execute("CREATE TABLE bench_account (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, balance BIGINT NOT NULL)");
      s.execute("CREATE TABLE bench_history (account_id INT NOT NULL, amount BIGINT NOT NULL)");
      s.execute("CREATE TABLE bench_log (id BIGINT PRIMARY KEY, payload VARCHAR(64) NOT NULL)");
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_account VALUES (?, ?, ?)")) {
        for (int id = 0; id < ACCOUNTS; id++) {
          insert.setInt(1, id);
          insert.setString(2, "account " + id);
          insert.setLong(3, 1000);
          insert.addBatch();
          if (id % 1000 == 999) {
            insert.executeBatch();
          }
        }
      }
      c.commit();
    }
  }

  /** Empties the tables that inserting workloads grow, so every iteration starts from the same state. */
  static void reset(Database db) throws SQLException {
    if (db == Database.STUB) {
      return;
    }
    try (Connection c = db.openAdmin(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE TABLE bench_history");
      s.execute("TRUNCATE TABLE bench_log");
    }
  }
}
