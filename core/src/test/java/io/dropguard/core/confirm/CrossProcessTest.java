package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single use and the secret, across JVMs on one machine sharing a state directory. */
class CrossProcessTest {
  private static final int RACERS = 3;
  @TempDir Path stateDir;

  @Test
  void ofJvmsRacingToUseOneTokenExactlyOneSucceeds() throws Exception {
    TokenConfirmer here = new TokenConfirmer(new ConfirmSettings(stateDir, null, Clock.systemUTC()), () -> null);
    String token = Fixtures.tokenOf(here.confirm(Fixtures.request(Fixtures.deleteAll("orders"), Fixtures.PG)));
    List<String> outputs = race("use", "orders", token);
    long confirmed = outputs.stream().filter(o -> o.contains("RESULT confirmed=true how=setting")).count();
    assertEquals(1, confirmed, String.join("\n----\n", outputs));
    for (String o : outputs) {
      if (o.contains("RESULT confirmed=false")) {
        assertTrue(ChildJvm.line(o, "WHY ").startsWith("The token " + token
            + " (given as the dropguard.confirm setting) was already used at "), o);
      }
    }
    // and this JVM, too, finds it used
    assertTrue(here.confirm(Fixtures.presenting(Fixtures.deleteAll("orders"), Fixtures.PG, token, "api")).explanation()
        .contains("was already used at "));
  }

  @Test
  void jvmsRacingToCreateTheSecretAllEndWithTheSameKey() throws Exception {
    List<String> outputs = race("issue", "orders", null);
    String key = ChildJvm.line(outputs.get(0), "KEY ");
    for (String o : outputs) {
      assertEquals(key, ChildJvm.line(o, "KEY "), "one key for all: " + String.join("\n----\n", outputs));
    }
    String first = ChildJvm.line(outputs.get(0), "TOKEN ");
    Path secret = stateDir.resolve("secret");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    try (var files = Files.list(stateDir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
    // this JVM reads the same key: the children's token verifies here
    TokenConfirmer here = new TokenConfirmer(new ConfirmSettings(stateDir, null, Clock.systemUTC()), () -> null);
    assertTrue(here.confirm(Fixtures.presenting(Fixtures.deleteAll("orders"), Fixtures.PG, first, "api")).confirmed());
  }

  /** Starts the children, waits until each is ready, then lets them all go at once. */
  private List<String> race(String mode, String table, String token) throws IOException, InterruptedException {
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      Process p = token == null
          ? ChildJvm.start(ChildJvm.command(mode, stateDir.toString(), table), null)
          : ChildJvm.start(ChildJvm.command(mode, stateDir.toString(), table, token), null);
      children.add(p);
    }
    List<String> ready = new ArrayList<>();
    for (Process p : children) {
      ready.add(ChildJvm.readUntil(p.getInputStream(), "READY\n"));
    }
    for (Process p : children) {
      OutputStream in = p.getOutputStream();
      in.write("GO\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    }
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      outputs.add(ready.get(i) + ChildJvm.output(children.get(i)));
    }
    return outputs;
  }
}
