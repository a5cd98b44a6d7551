package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropguard.agent.apps.HikariApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HikariCP pool built with {@code dataSourceClassName}: the physical connection is guarded once, where H2's
 * DataSource creates it, and the pool's own {@code getConnection} (a DataSource too) does not guard it again.
 */
class HikariIT {
  @TempDir Path h2Dir;

  @Test
  void aPoolFromDataSourceClassNameIsGuardedExactlyOnce() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "pooled");
    }
    Path logging = Files.createTempFile("logging", ".properties");
    Files.writeString(
        logging,
        "handlers=java.util.logging.ConsoleHandler\n"
            + "java.util.logging.ConsoleHandler.level=ALL\n"
            + "io.dropguard.agent.level=FINE\n");
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .jvmArg("-Djava.util.logging.config.file=" + logging)
            .run(HikariApp.class, h2Dir.toString(), "pooled");

    assertEquals(0, result.exitCode(), result.describe());
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      expected.addAll(List.of("SELECT OK", "UPDATE OK", "DROP REFUSED ZG001"));
    }
    assertEquals(expected, result.stdoutLines(), result.describe());
    List<String> guarded =
        result.stderr().lines().filter(l -> l.contains("guarding a new connection from")).toList();
    assertEquals(1, guarded.size(), result.describe());
    assertEquals(true, guarded.get(0).contains("org.h2.jdbcx.JdbcDataSource.getConnection"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "pooled"));
    }
  }
}
