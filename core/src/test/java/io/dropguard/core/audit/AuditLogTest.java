package io.dropguard.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.metrics.GuardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class AuditLogTest {
  @TempDir Path dir;

  static AuditRecord record(String statement) {
    return new AuditRecord(
        Instant.parse("2026-12-01T18:00:00Z"),
        "jdbc:postgresql://db-1/pilot?password=***",
        "pilot-prod",
        "/etc/dropguard/pilot.yaml:12",
        "app",
        "host-1",
        4242,
        statement,
        List.of("drop_table"),
        List.of("public.readings"),
        "snapshot",
        "snapshot_taken",
        "enforce",
        "20261201-180000-ab12",
        "3f2a9c01",
        "api",
        "alice@host-1 pid 4242",
        "drops the table");
  }

  /** JSON is YAML 1.2, so the YAML engine parses the line back. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String line) {
    Object o = new Load(LoadSettings.builder().build()).loadFromString(line);
    return (Map<String, Object>) o;
  }

  @Test
  void recordIsOneJsonLineWithEveryField() {
    String weird = "DROP TABLE \"a\\b\"\n\t-- \u0001 \u2028 é 😀";
    String json = record(weird).toJson();
    assertEquals(1, json.lines().count());
    Map<String, Object> m = parse(json);
    assertEquals("2026-12-01T18:00:00Z", m.get("time"));
    assertEquals("statement", m.get("event"));
    assertEquals("jdbc:postgresql://db-1/pilot?password=***", m.get("database"));
    assertEquals("pilot-prod", m.get("policy"));
    assertEquals("/etc/dropguard/pilot.yaml:12", m.get("rule"));
    assertEquals("app", m.get("user"));
    assertEquals("host-1", m.get("host"));
    assertEquals(4242, m.get("pid"));
    assertEquals(weird, m.get("statement"));
    assertEquals(List.of("drop_table"), m.get("kinds"));
    assertEquals(List.of("public.readings"), m.get("targets"));
    assertEquals("snapshot", m.get("action"));
    assertEquals("snapshot_taken", m.get("outcome"));
    assertEquals("enforce", m.get("mode"));
    assertEquals("20261201-180000-ab12", m.get("snapshot_id"));
    assertEquals("3f2a9c01", m.get("token_id"));
    assertEquals("api", m.get("confirmed_how"));
    assertEquals("alice@host-1 pid 4242", m.get("confirmed_by"));
    assertEquals("drops the table", m.get("reason"));
  }

  @Test
  void fileLogAppendsOwnerOnlyLinesFromManyThreads() throws Exception {
    Path f = dir.resolve("sub/audit.log");
    AuditLog log = AuditLog.of(f.toString(), GuardMetrics.none());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread th = new Thread(() -> { for (int i = 0; i < 50; i++) { log.write(record("DROP TABLE t" + id + "_" + i)); } });
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    assertEquals(200, lines.size());
    for (String l : lines) {
      assertTrue(parse(l).get("statement").toString().startsWith("DROP TABLE t"), l);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aWriteFailureIsReportedOnStderrAndCounted() throws Exception {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    AuditLog log = AuditLog.of(notADir.resolve("audit.log").toString(), GuardMetrics.bindTo(reg));
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      log.write(record("DROP TABLE x"));
    } finally {
      System.setErr(old);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("dropguard-audit {\"time\""), err.toString());
    assertEquals(1.0, reg.get("dropguard.audit.errors").counter().count());
  }

  @Test
  void urlsAreMasked() {
    assertEquals("jdbc:postgresql://db/pilot?user=app&password=***&ssl=true",
        UrlMask.mask("jdbc:postgresql://db/pilot?user=app&password=s3cr3t&ssl=true"));
    assertEquals("jdbc:mysql://app:***@db:3306/x", UrlMask.mask("jdbc:mysql://app:s3cr3t@db:3306/x"));
    assertEquals("jdbc:sqlserver://db;user=sa;password=***;db=x", UrlMask.mask("jdbc:sqlserver://db;user=sa;password=p;db=x"));
    assertEquals("jdbc:oracle:thin:scott/***@db:1521/x", UrlMask.mask("jdbc:oracle:thin:scott/tiger@db:1521/x"));
    assertEquals("jdbc:h2:mem:x", UrlMask.mask("jdbc:h2:mem:x"));
  }
}
