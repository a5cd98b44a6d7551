package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropguard.agent.apps.ChildLoaderApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver loaded after start-up by a class loader of the application's own (a plugin host, a servlet container)
 * is guarded: both a loader built on the system class path and an isolated one (parent: the platform loader),
 * which cannot see the agent jar and needs the bootstrap bridge. H2 is not on the child's class path at all.
 */
class ChildLoaderIT {
  @TempDir Path h2Dir;

  @ParameterizedTest(name = "parent loader: {0}")
  @ValueSource(strings = {"system", "platform"})
  void aDriverAndDataSourceFromAChildClassLoaderAreGuarded(String parent) throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "plugin_data");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .excludeJars(name -> name.startsWith("h2-"))
            .run(ChildLoaderApp.class, Fixtures.jar("h2-").toString(), parent, h2Dir.toString(), "plugin_data");

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(
        List.of(
            "DRIVER-LOADER child",
            "driver SELECT OK",
            "driver DROP REFUSED ZG001",
            "datasource SELECT OK",
            "datasource DROP REFUSED ZG001"),
        result.stdoutLines(),
        result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "plugin_data"));
    }
  }
}
