package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code dropguard demo} through its entry point and checks what it did to the databases. */
class DemoCommandTest {
  @TempDir static Path tmp;

  @BeforeAll
  static void builtCheckout() {
    try {
      DemoCommand.DemoFiles.locate();
    } catch (DemoCommand.DemoException e) {
      // The demo runs the packaged agent and script jars: `mvn verify` builds them before this module's tests.
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and the demo cannot run: " + e.getMessage());
      }
      Assumptions.abort(e.getMessage());
    }
  }

  @Test
  void replaysTheIncidentAndRestoresWhatWasTruncated() throws Exception {
    Path dir = tmp.resolve("demo");
    String first = run(dir);

    Map<String, Long> server = DemoDatabase.counts(DemoDatabase.url(dir.resolve("server")));
    long readings = (long) DemoDatabase.DEVICES * DemoDatabase.READINGS_PER_DEVICE;
    assertEquals(Map.of("devices", 12L, "readings", readings, "sessions", 480L), server, first);

    Map<String, Long> copy = DemoDatabase.counts(DemoDatabase.url(dir.resolve("unguarded-copy")));
    assertEquals(Map.of("devices", -1L, "readings", 0L, "sessions", 0L), copy, "the unguarded copy is wiped");

    assertTrue(first.contains("failed DELETE FROM sessions  [ZG002]"), first);
    assertTrue(first.contains("failed DROP TABLE devices CASCADE  [ZG001]"), first);
    assertTrue(first.contains("ok     TRUNCATE TABLE readings"), first);
    assertTrue(
        first.lines().anyMatch(l -> l.contains("audit: TRUNCATE TABLE readings") && l.endsWith("snapshot -> snapshot_taken")),
        first);
    assertEquals(3, Files.readAllLines(dir.resolve("audit.log")).size(), "one audit record per destructive statement");

    assertEquals(first, run(dir), "the demo's output is the same on every run");

    // README shows this output; only the last line (where the files are) depends on where it ran
    String shown = ReadmeTest.blocks(ReadmeTest.readme(), "").stream()
        .filter(b -> b.startsWith("DropGuard demo:")).findFirst().orElseThrow();
    assertEquals(withoutLastLine(shown), withoutLastLine(first), "README's demo output is what the demo prints");
  }

  private static String withoutLastLine(String text) {
    String t = text.stripTrailing();
    return t.substring(0, t.lastIndexOf('\n'));
  }

  private static String run(Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"demo", "--dir", dir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
    return text;
  }
}
