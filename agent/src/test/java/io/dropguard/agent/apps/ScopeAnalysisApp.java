package io.dropguard.agent.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Sends a DELETE whose WHERE only a deeper analysis can judge (DropGuard then loads its relocated Calcite), so
 * that a test can check nothing of the relocated libraries leaks onto standard error. Arguments: {@code <dir>
 * <table>}.
 */
public final class ScopeAnalysisApp {
  private ScopeAnalysisApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0] + "/pilot", "sa", "")) {
      Outcome.step("TAUTOLOGY", () -> {
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM " + args[1] + " WHERE name = 'a' OR NOT name = 'a'");
        }
      });
    }
  }
}
