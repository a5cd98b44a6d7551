package com.acme.pilot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The "pilot reset script" of DropGuard's founding incident, kept as such scripts are: a hard-coded URL, no
 * questions, no output beyond what went wrong. It knows nothing of DropGuard; the demo runs it unchanged, once
 * without and once with the agent.
 */
public final class ResetPilot {
  // Hard-coded, relative to where the script is started, as in the incident.
  private static final String URL = "jdbc:h2:./hybrid";

  private static final String[] RESET = {
    "DELETE FROM sessions",
    "TRUNCATE TABLE readings",
    "DROP TABLE devices CASCADE",
  };

  private ResetPilot() {}

  public static void main(String[] args) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        Statement s = c.createStatement()) {
      for (String sql : RESET) {
        try {
          s.execute(sql);
          System.out.println("pilot-reset: ok     " + sql);
        } catch (SQLException e) {
          // The script goes on, as the incident's did; it reports only the first line of what happened.
          String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
          System.out.println("pilot-reset: failed " + sql + "  [" + e.getSQLState() + "] " + first);
        }
      }
    }
  }
}
