package io.dropguard.agent.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A long-running program that loads and uses the H2 driver before the agent is attached to it, then, once told
 * to go on, tries to drop a table. Arguments: {@code <dir> <table> <ready file> <go file>}.
 */
public final class AttachTargetApp {
  private AttachTargetApp() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:h2:file:" + args[0] + "/pilot";
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      System.out.println("BEFORE-ATTACH connected");
    }
    Files.writeString(Path.of(args[2]), Long.toString(ProcessHandle.current().pid()));
    Path go = Path.of(args[3]);
    for (int i = 0; i < 1200 && !Files.exists(go); i++) {
      Thread.sleep(50);
    }
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      Outcome.step("DROP", () -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + args[1]);
        }
      });
    }
    NonDaemonThreads.report();
  }
}
