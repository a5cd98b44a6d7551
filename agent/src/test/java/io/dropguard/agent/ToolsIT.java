package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.agent.apps.FlywayCleanApp;
import io.dropguard.agent.apps.HibernateCreateDropApp;
import io.dropguard.agent.apps.LiquibaseDropAllApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tools under the agent, each unchanged in a child JVM: their destructive statements are stopped per policy,
 * their normal work goes through.
 */
class ToolsIT {
  @TempDir Path h2Dir;
  @TempDir Path files;

  @Test
  void h2RunScriptRunsTheScriptUntilTheDrop() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "kept");
    }
    Path script = files.resolve("reset.sql");
    Files.writeString(script, "INSERT INTO kept VALUES (4, 'added');\nDROP TABLE kept;\n");
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .run(org.h2.tools.RunScript.class,
                "-url", "jdbc:h2:file:" + h2Dir + "/pilot", "-user", "sa", "-script", script.toString());

    assertNotEquals(0, result.exitCode(), result.describe());
    assertTrue(result.stderr().contains("ZG001"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(4, Fixtures.rows(c, "kept"), "the INSERT ran, the DROP did not");
    }
  }

  @Test
  void h2ShellRefusesTheDrop() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "kept");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .run(org.h2.tools.Shell.class,
                "-url", "jdbc:h2:file:" + h2Dir + "/pilot", "-user", "sa", "-sql", "DROP TABLE kept");

    assertTrue((result.stdout() + result.stderr()).contains("ZG001"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "kept"));
    }
  }

  @Test
  void flywayCleanIsRefusedAndMigrateWorks() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "legacy_data");
    }
    Path migrations = Files.createDirectories(files.resolve("db"));
    Files.writeString(migrations.resolve("V1__create.sql"), "CREATE TABLE migrated (id INT PRIMARY KEY);\nINSERT INTO migrated VALUES (1);\n");
    ChildJvm.Result result =
        tool(Fixtures.productionPolicy())
            .run(FlywayCleanApp.class, h2Dir.toString(), migrations.toString());

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(List.of("MIGRATE OK", "CLEAN REFUSED ZG001"), appLines(result), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "legacy_data"));
      assertEquals(1, Fixtures.rows(c, "migrated"));
    }
  }

  @Test
  void liquibaseDropAllIsRefusedAndUpdateWorks() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "legacy_data");
    }
    Files.writeString(
        files.resolve("changelog.sql"),
        "--liquibase formatted sql\n--changeset test:1\nCREATE TABLE changed (id INT PRIMARY KEY);\n");
    ChildJvm.Result result =
        tool(Fixtures.productionPolicyForTools())
            .run(LiquibaseDropAllApp.class, h2Dir.toString(), files.toString(), "changelog.sql");

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(List.of("UPDATE OK", "DROPALL REFUSED ZG001"), appLines(result), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "legacy_data"));
      assertEquals(0, Fixtures.rows(c, "changed"), "the changeset's table exists");
    }
  }

  @Test
  void hibernateCreateDropCannotDropAndNormalWorkGoesThrough() throws Exception {
    ChildJvm.Result result =
        tool(Fixtures.productionPolicy())
            .run(HibernateCreateDropApp.class, h2Dir.toString());

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(List.of("PERSIST OK", "QUERY OK"), appLines(result), result.describe());
    assertTrue(result.stderr().contains("ZG001"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(1, Fixtures.rows(c, "Pilot"), "the shutdown drop was refused, the row is still there");
    }
  }

  /** A child JVM with the tools' own dependencies first on its class path. */
  private static ChildJvm tool(Path policies) throws java.io.IOException {
    ChildJvm jvm = ChildJvm.withAgent("policies=" + policies);
    try (var libs = Files.list(Path.of(System.getProperty("dropguard.tool.libs", "target/tool-libs")))) {
      libs.sorted().forEach(jvm::prependClassPath);
    }
    return jvm;
  }

  /** The application's own outcome lines (tools may print banners of their own). */
  private static List<String> appLines(ChildJvm.Result result) {
    return result.stdoutLines().stream().filter(l -> l.matches("[A-Z]+ (OK|REFUSED ZG00\\d|FAILED .*)")).toList();
  }
}
