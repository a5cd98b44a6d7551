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

class ExplainCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void destructiveStatementExitsOneAndSaysWhy() {
    int code = run("explain", "--dialect", "postgres", "SELECT 1; DROP TABLE IF EXISTS a, b CASCADE");
    assertEquals(1, code, out());
    String o = out();
    assertTrue(o.contains("statement 2: DROP TABLE IF EXISTS a, b CASCADE"), o);
    assertTrue(o.contains("drop_table (table) a, b"), o);
    assertTrue(o.contains("why:   DROP TABLE removes the table and its rows"), o);
    assertTrue(o.contains("statement 1: SELECT 1\n  kinds:   none (not destructive)"), o);
  }

  @Test
  void harmlessStatementExitsZero() {
    assertEquals(0, run("explain", "SELECT * FROM readings WHERE note = 'DROP TABLE x'"));
    assertTrue(out().contains("not destructive"), out());
  }

  @Test
  void jsonOutput() {
    assertEquals(1, run("explain", "--dialect", "mysql", "--json", "/*!50000 TRUNCATE t */"));
    String o = out().strip();
    assertTrue(o.startsWith("{\"dialect\":\"mysql\",\"destructive\":true,\"kinds\":[\"truncate\"]"), o);
    assertTrue(o.contains("\"targets\":[\"t\"]"), o);
  }

  @Test
  void opaqueCallIsShown() {
    assertEquals(0, run("explain", "--dialect", "postgres", "{call reset_pilot(?)}"));
    assertTrue(out().contains("opaque:  CALL reset_pilot: opaque"), out());
  }

  @Test
  void fileInput(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("reset.sql");
    Files.writeString(f, "DROP DATABASE pilot;\n");
    assertEquals(1, run("explain", "--dialect", "postgres", "--file", f.toString()));
    assertTrue(out().contains("drop_database (database) pilot"), out());
  }

  @Test
  void dialectFromUrl() {
    assertEquals(1, run("explain", "--url", "jdbc:dropguard:mysql://db/pilot", "SELECT 1 --1; DROP TABLE t"));
    assertTrue(out().contains("(dialect mysql)"), out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run("explain"));
    assertEquals(2, run("explain", "--dialect", "cobol", "SELECT 1"));
    assertEquals(2, run("explain", "--bogus", "SELECT 1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: dropguard explain"));
  }
}
