package io.dropguard.agent.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** An application with a HikariCP pool built from {@code dataSourceClassName}. Arguments: {@code <dir> <table>}. */
public final class HikariApp {
  private HikariApp() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSourceClassName("org.h2.jdbcx.JdbcDataSource");
    config.addDataSourceProperty("url", "jdbc:h2:file:" + args[0] + "/pilot");
    config.addDataSourceProperty("user", "sa");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    String table = args[1];
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (int round = 1; round <= 3; round++) {
        try (Connection c = pool.getConnection()) {
          Outcome.step("SELECT", () -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
              rs.next();
            }
          });
          Outcome.step("UPDATE", () -> {
            try (Statement s = c.createStatement()) {
              s.executeUpdate("UPDATE " + table + " SET name = 'seen' WHERE id = 1");
            }
          });
          Outcome.step("DROP", () -> {
            try (Statement s = c.createStatement()) {
              s.execute("DROP TABLE " + table);
            }
          });
        }
      }
    }
    NonDaemonThreads.report();
  }
}
