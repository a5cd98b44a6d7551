package io.dropguard.agent.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * An application that brings its own, older JSqlParser (4.5) and Guava (20): it uses APIs that newer versions
 * removed, through reflection so that this class compiles against the test class path. Arguments: {@code <dir>
 * <table>}.
 */
public final class OldLibrariesApp {
  private OldLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    Outcome.step("JSQLPARSER-4.5", () -> {
      Object statement =
          Class.forName("net.sf.jsqlparser.parser.CCJSqlParserUtil").getMethod("parse", String.class)
              .invoke(null, "SELECT a FROM t");
      Object body = statement.getClass().getMethod("getSelectBody").invoke(statement);
      // SelectBody is gone from JSqlParser 5: seeing it proves the application's own 4.5 is the one in use
      if (!Class.forName("net.sf.jsqlparser.statement.select.SelectBody").isInstance(body)) {
        throw new IllegalStateException("not JSqlParser 4.5: " + body.getClass());
      }
    });
    Outcome.step("GUAVA-20", () -> {
      // Objects.toStringHelper was removed in Guava 21
      Object helper = Class.forName("com.google.common.base.Objects").getMethod("toStringHelper", Object.class)
          .invoke(null, "x");
      if (helper == null) {
        throw new IllegalStateException("no helper");
      }
    });
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0] + "/pilot", "sa", "")) {
      Outcome.step("DROP", () -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + args[1]);
        }
      });
    }
    NonDaemonThreads.report();
  }
}
