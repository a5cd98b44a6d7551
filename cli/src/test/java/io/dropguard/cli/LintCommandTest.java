package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int lint(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "lint";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(
        all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cleanDirectoryExitsZero() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "name: a\nmatch: {url: \"jdbc:h2:*\"}\nrules: []\n");
    Files.writeString(dir.resolve("b.yml"), "rules:\n  - when: [truncate]\n    action: log\n");
    assertEquals(0, lint(dir.toString()));
    assertEquals(
        dir.resolve("a.yaml") + ": ok, policy \"a\", 0 rules\n"
            + dir.resolve("b.yml") + ": ok, policy \"b\", 1 rule, catch-all (no match:)\n",
        out());
  }

  @Test
  void findingsArePrintedAsFileLineColumnAndExitOne() throws Exception {
    Path f = dir.resolve("prod.yaml");
    Files.writeString(f, "name: p\nrules:\n  - when: [drop_table]\n    table: [\"tmp_*\"]\n    action: allow\n");
    assertEquals(1, lint(f.toString()));
    assertEquals(f + ":4:5: unknown key 'table', did you mean 'tables'?\n", out());
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("1 problem in "));
  }

  @Test
  void everyProblemOfEveryFileIsListed() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "mode: audit\nrules: []\n");
    Files.writeString(dir.resolve("b.yaml"), "");
    assertEquals(1, lint(dir.toString()));
    assertEquals(
        dir.resolve("a.yaml") + ":1:7: unknown mode 'audit' (expected enforce or report)\n"
            + dir.resolve("b.yaml") + ":1:1: empty policy file: expected a mapping with at least 'rules:' (see README.md, Writing policies)\n",
        out());
  }

  @Test
  void theExamplePoliciesAreClean() {
    assertEquals(0, lint("../policies"), out());
  }

  @Test
  void missingPathIsAFinding() {
    assertEquals(1, lint(dir.resolve("nope").toString()));
    assertTrue(out().contains("nope:1:1: no such file or directory"), out());
  }

  @Test
  void wrongUsageExitsTwo() {
    assertEquals(2, lint());
    assertEquals(2, lint("a", "b"));
    assertEquals(2, lint("--strict"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: dropguard lint"));
  }
}
