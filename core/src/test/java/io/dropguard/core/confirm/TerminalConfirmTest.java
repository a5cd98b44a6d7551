package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confirm: {interactive: true}} through a real pseudo-terminal: util-linux {@code script} runs a child JVM
 * on a pty (so {@code System.console()} is a terminal there), and this test types into it.
 */
class TerminalConfirmTest {
  private static final String PROMPT = "anything else refuses it: ";
  @TempDir Path stateDir;

  @BeforeAll
  static void needsScript() {
    boolean present = Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("util-linux `script` is required in CI to test the terminal prompt");
    }
    Assumptions.assumeTrue(present, "util-linux `script` is not installed: the pseudo-terminal tests are skipped");
  }

  @Test
  void typingTheDatabaseNameConfirms() throws Exception {
    String out = answer("test\n");
    assertTrue(out.contains("DropGuard: this statement needs your confirmation (policy \"pilot-prod\", rule at policies/pilot.yaml:14)"), out);
    assertTrue(out.contains("  Statement: delete from orders"), out);
    assertTrue(out.contains("  Destroys:  delete_all: rows of public.orders (about 1,234 rows); no WHERE clause"), out);
    assertTrue(out.contains("  Database:  jdbc:postgresql://127.0.0.1:5432/test"), out);
    assertTrue(out.contains("Type the database name (test) to run it, anything else refuses it: "), out);
    assertTrue(out.contains("DropGuard: confirmed; running it."), out);
    assertTrue(out.contains("RESULT confirmed=true how=terminal"), out);
  }

  @Test
  void anotherNameRefusesAndOffersAToken() throws Exception {
    String out = answer("production\n");
    assertTrue(out.contains("DropGuard: \"production\" is not \"test\"; the statement was not run."), out);
    assertTrue(out.contains("RESULT confirmed=false how=null"), out);
    assertEquals("Not confirmed at the terminal: the name typed was not \"test\".", ChildJvm.line(out, "WHY "));
    assertTrue(ChildJvm.line(out, "TOKEN ").matches("[0-9A-Z]{4}-[0-9A-Z]{4}"), out);
  }

  @Test
  void endOfInputRefuses() throws Exception {
    String out = answer("\u0004"); // Ctrl-D at the start of a line: the terminal's end of input
    assertTrue(out.contains("RESULT confirmed=false how=null"), out);
    assertEquals("Not confirmed at the terminal: no answer came (end of input).", ChildJvm.line(out, "WHY "));
  }

  @Test
  void withoutAConsoleItFallsBackToTheTokenAndNeverReadsStandardInput() throws Exception {
    // stdin from /dev/null
    String out = ChildJvm.output(ChildJvm.start(ChildJvm.command("ask", stateDir.toString(), "orders"), new File("/dev/null")));
    assertNoPromptButAToken(out);
    // stdin a pipe that stays open and never carries a byte: reading it would block forever
    Process p = ChildJvm.start(ChildJvm.command("ask", stateDir.toString(), "orders"), null);
    try {
      assertNoPromptButAToken(ChildJvm.output(p));
    } finally {
      p.getOutputStream().close();
    }
  }

  private static void assertNoPromptButAToken(String out) {
    assertFalse(out.contains("Type the database name"), out);
    assertTrue(out.contains("RESULT confirmed=false how=null"), out);
    assertTrue(ChildJvm.line(out, "TOKEN ").matches("[0-9A-Z]{4}-[0-9A-Z]{4}"), out);
  }

  /** Runs the child on a pty, waits for the question, types {@code keys}, and returns the whole screen output. */
  private String answer(String keys) throws IOException, InterruptedException {
    List<String> child = ChildJvm.command("ask", stateDir.toString(), "orders");
    String shellCommand = child.stream().map(TerminalConfirmTest::quote).collect(Collectors.joining(" "));
    Process script = new ProcessBuilder("script", "-qfec", shellCommand, "/dev/null").redirectErrorStream(true).start();
    try {
      String before = ChildJvm.readUntil(script.getInputStream(), PROMPT);
      OutputStream keyboard = script.getOutputStream();
      keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      return (before + ChildJvm.output(script)).replace("\r", "");
    } finally {
      script.getOutputStream().close();
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
