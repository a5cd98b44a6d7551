package io.dropguard.agent.apps;

import java.sql.SQLException;

/** How the test applications report what happened: one line on standard output per step. */
public final class Outcome {
  private Outcome() {}

  public interface Step {
    void run() throws Exception;
  }

  /** Runs {@code step} and prints {@code NAME OK} or {@code NAME REFUSED <SQLState>} (the DropGuard state found). */
  public static void step(String name, Step step) {
    try {
      step.run();
      System.out.println(name + " OK");
    } catch (Exception e) {
      String state = dropGuardState(e);
      System.out.println(name + (state != null ? " REFUSED " + state : " FAILED " + e));
      e.printStackTrace();
    }
  }

  /** The first ZG* SQLState in the cause chain (tools wrap the driver's exception), or null. */
  static String dropGuardState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException) {
        for (SQLException s = (SQLException) c; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null && s.getSQLState().startsWith("ZG")) {
            return s.getSQLState();
          }
        }
      }
      if (c.getMessage() != null) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DropGuard (ZG00\\d)").matcher(c.getMessage());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }
}
