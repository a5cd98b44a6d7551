package io.dropguard.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A small "legacy" JDBC script for the start-up figures: it connects through {@link DriverManager}, creates a
 * table, inserts, reads, deletes with a WHERE and exits, and prints when its first DELETE returned (milliseconds
 * since the JVM started) and how long that one call took. Run it with and without {@code -javaagent:} (or with a
 * {@code jdbc:dropguard:} URL) to see what DropGuard adds, including loading its analysis lazily.
 *
 * <p>Usage: {@code java -cp ... io.dropguard.bench.SmallJdbcScript JDBC_URL}.
 */
public final class SmallJdbcScript {
  private SmallJdbcScript() {}

  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    String url = args.length > 0 ? args[0] : "jdbc:h2:mem:script";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE pilot_reading (id INT PRIMARY KEY, sensor VARCHAR(20), reading DOUBLE)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO pilot_reading VALUES (?, ?, ?)")) {
        for (int i = 0; i < 20; i++) {
          insert.setInt(1, i);
          insert.setString(2, "s" + (i % 3));
          insert.setDouble(3, i * 1.5);
          insert.executeUpdate();
        }
      }
      try (var rs = s.executeQuery("SELECT count(*) FROM pilot_reading WHERE sensor = 's1'")) {
        rs.next();
      }
      long before = System.nanoTime();
      int deleted = s.executeUpdate("DELETE FROM pilot_reading WHERE id < 5 AND sensor = 's0'");
      long deleteNanos = System.nanoTime() - before;
      long firstDeleteDone = System.currentTimeMillis() - jvmStart;
      System.out.println("deleted=" + deleted + " first_delete_done_ms=" + firstDeleteDone
          + " first_delete_call_ms=" + String.format(java.util.Locale.ROOT, "%.2f", deleteNanos / 1e6)
          + " guarded=" + isGuarded(c));
    }
  }

  /** By name: without the agent nothing of DropGuard is on this script's classpath. */
  private static boolean isGuarded(Connection c) throws java.sql.SQLException {
    try {
      return c.isWrapperFor(Class.forName("io.dropguard.Guarded"));
    } catch (ClassNotFoundException absent) {
      return false;
    }
  }
}
