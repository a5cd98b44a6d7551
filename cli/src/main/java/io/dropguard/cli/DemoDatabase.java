package io.dropguard.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's stand-in for the "hybrid" server: an H2 file database with years of data. Deterministic. */
final class DemoDatabase {
  static final String[] TABLES = {"devices", "readings", "sessions"};
  static final int DEVICES = 12;
  static final int READINGS_PER_DEVICE = 3 * 365 * 4; // three years, every six hours
  static final int SESSIONS = 480;

  private DemoDatabase() {}

  static String url(Path dir) {
    return "jdbc:h2:" + dir.resolve("hybrid").toAbsolutePath();
  }

  static void create(Path dir) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(dir), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE devices (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, site VARCHAR(40))");
      s.execute(
          "CREATE TABLE readings (id BIGINT PRIMARY KEY, device_id INT NOT NULL REFERENCES devices(id),"
              + " taken_at TIMESTAMP NOT NULL, kwh DECIMAL(10,3) NOT NULL)");
      s.execute(
          "CREATE TABLE sessions (id INT PRIMARY KEY, operator VARCHAR(40) NOT NULL, started_at TIMESTAMP NOT NULL)");
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO devices VALUES (?, ?, ?)")) {
        for (int d = 1; d <= DEVICES; d++) {
          p.setInt(1, d);
          p.setString(2, "inverter-" + d);
          p.setString(3, d % 2 == 0 ? "north field" : "south roof");
          p.addBatch();
        }
        p.executeBatch();
      }
      LocalDateTime start = LocalDateTime.of(2023, 1, 1, 0, 0);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO readings VALUES (?, ?, ?, ?)")) {
        long id = 0;
        for (int d = 1; d <= DEVICES; d++) {
          for (int i = 0; i < READINGS_PER_DEVICE; i++) {
            p.setLong(1, ++id);
            p.setInt(2, d);
            p.setObject(3, start.plusHours(6L * i));
            p.setBigDecimal(4, java.math.BigDecimal.valueOf((id * 7919) % 100000, 3));
            p.addBatch();
            if (id % 5000 == 0) {
              p.executeBatch();
            }
          }
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO sessions VALUES (?, ?, ?)")) {
        for (int i = 1; i <= SESSIONS; i++) {
          p.setInt(1, i);
          p.setString(2, "operator-" + (i % 7));
          p.setObject(3, start.plusDays(2L * i));
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    }
  }

  /** Row count of every demo table; -1 for a table that is gone. */
  static Map<String, Long> counts(String url) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      for (String t : TABLES) {
        try (ResultSet rs =
            c.getMetaData().getTables(null, "PUBLIC", t.toUpperCase(java.util.Locale.ROOT), null)) {
          if (!rs.next()) {
            counts.put(t, -1L);
            continue;
          }
        }
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  static String describe(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(e.getKey()).append(' ');
      b.append(e.getValue() < 0 ? "GONE" : String.format(java.util.Locale.ROOT, "%,d rows", e.getValue()));
    }
    return b.toString();
  }
}
