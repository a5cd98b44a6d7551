package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.dropguard.agent.apps.AttachTargetApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attaching the agent to a running JVM ({@code Agent-Class}): the driver that JVM loaded and used before is
 * retransformed, so its next connection is guarded.
 */
class AttachIT {
  @TempDir Path h2Dir;
  @TempDir Path signals;

  @Test
  void attachingToARunningJvmGuardsADriverItLoadedBefore() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "running");
    }
    Path ready = signals.resolve("ready");
    Path go = signals.resolve("go");
    CompletableFuture<ChildJvm.Result> child =
        CompletableFuture.supplyAsync(() -> {
          try {
            return ChildJvm.withoutAgent()
                .run(AttachTargetApp.class, h2Dir.toString(), "running", ready.toString(), go.toString());
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
    try {
      for (int i = 0; i < 1200 && !(Files.exists(ready) && !Files.readString(ready).isBlank()); i++) {
        Thread.sleep(50);
      }
      VirtualMachine vm = VirtualMachine.attach(Files.readString(ready).trim());
      try {
        vm.loadAgent(ChildJvm.agentJar().toString(), "policies=" + Fixtures.productionPolicy());
      } finally {
        vm.detach();
      }
    } finally {
      Files.writeString(go, "go");
    }
    ChildJvm.Result result = child.join();

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(List.of("BEFORE-ATTACH connected", "DROP REFUSED ZG001"), result.stdoutLines(), result.describe());
    assertTrue(result.stderr().contains("DropGuard agent "), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "running"));
    }
  }
}
