package io.dropguard.agent.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The kind of script DropGuard exists for: plain JDBC, hard-coded URLs, wipes everything, never changed. It knows
 * nothing about DropGuard. It prints one {@code STEP} line per destructive step (on standard output) and the
 * non-daemon threads left when it ends (on standard error).
 *
 * <p>Arguments: {@code h2 <dir> <tableA> <tableB> <tableC>} or {@code postgres - <tableA> <tableB> <tableC>}.
 */
public final class LegacyResetScript {
  private LegacyResetScript() {}

  public static void main(String[] args) throws Exception {
    String url =
        args[0].equals("h2")
            ? "jdbc:h2:file:" + args[1] + "/pilot"
            : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args[0].equals("h2") ? "sa" : "postgres";
    String a = args[2];
    String b = args[3];
    String c = args[4];
    try (Connection connection = DriverManager.getConnection(url, user, "")) {
      step("delete", connection, s -> s.execute("DELETE FROM " + a));
      step("multi", connection, s -> s.execute("TRUNCATE TABLE " + b + "; DROP TABLE " + c));
      step(
          "batch",
          connection,
          s -> {
            s.addBatch("DELETE FROM " + a);
            s.addBatch("TRUNCATE TABLE " + b);
            s.addBatch("DROP TABLE " + c);
            s.executeBatch();
          });
    } catch (SQLException e) {
      System.out.println("CONNECT REFUSED " + e.getSQLState());
      e.printStackTrace();
    }
    NonDaemonThreads.report();
  }

  interface Step {
    void run(Statement statement) throws SQLException;
  }

  private static void step(String name, Connection connection, Step step) {
    try (Statement statement = connection.createStatement()) {
      step.run(statement);
      System.out.println("STEP " + name + " OK");
    } catch (SQLException e) {
      System.out.println("STEP " + name + " REFUSED " + e.getSQLState());
      System.err.println(e.getMessage());
    }
  }
}
