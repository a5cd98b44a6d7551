package io.dropguard.agent.apps;

import org.flywaydb.core.Flyway;

/** Flyway with {@code cleanDisabled=false}: migrate (normal work), then clean. Arguments: {@code <dir> <migrations>}. */
public final class FlywayCleanApp {
  private FlywayCleanApp() {}

  public static void main(String[] args) {
    Flyway flyway =
        Flyway.configure()
            .dataSource("jdbc:h2:file:" + args[0] + "/pilot", "sa", "")
            .locations("filesystem:" + args[1])
            .baselineOnMigrate(true) // the legacy database already has tables
            .baselineVersion("0")
            .cleanDisabled(false)
            .load();
    Outcome.step("MIGRATE", flyway::migrate);
    Outcome.step("CLEAN", flyway::clean);
    NonDaemonThreads.report();
  }
}
