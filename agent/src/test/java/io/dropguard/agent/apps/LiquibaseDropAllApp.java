package io.dropguard.agent.apps;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/** Liquibase: update (normal work), then dropAll. Arguments: {@code <dir> <changelog dir> <changelog file>}. */
public final class LiquibaseDropAllApp {
  private LiquibaseDropAllApp() {}

  @SuppressWarnings("deprecation") // the classic API is what most embedded users still call
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0] + "/pilot", "sa", "")) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Liquibase liquibase = new Liquibase(args[2], new DirectoryResourceAccessor(Path.of(args[1])), database);
      Outcome.step("UPDATE", () -> liquibase.update(""));
      Outcome.step("DROPALL", liquibase::dropAll);
    }
    NonDaemonThreads.report();
  }
}
