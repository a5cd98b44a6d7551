package io.dropguard.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [#5] A process killed in the middle of a snapshot: the data is intact, the snapshot is listed as incomplete. */
class KilledSnapshotTest {
  @TempDir Path tmp;

  @Test
  void aChildKilledMidSnapshotLeavesTheDataIntactAndAnIncompleteSnapshot() throws Exception {
    String url = "jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath() + ";FILE_LOCK=NO";
    Path dir = tmp.resolve("snapshots");
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      Fixture.exec(c, "CREATE TABLE BIG (ID INT PRIMARY KEY, V VARCHAR(40))",
          "INSERT INTO BIG SELECT X, 'row ' || X FROM SYSTEM_RANGE(1, 5000)");
    }

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"),
                "-D" + TableDumper.PAUSE_PROPERTY + "=20", SnapshotChild.class.getName(), url, dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    try {
      // The row file exists once the child is reading rows; 5000 rows at 20 ms each leave it well short of done.
      long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // only so that a stuck child cannot hang the build
      while (!rowFileExists(dir)) {
        assertTrue(child.isAlive(), () -> "child ended early: " + log());
        assertTrue(System.nanoTime() < giveUp, () -> "child never started its snapshot: " + log());
        Thread.sleep(50);
      }
      assertTrue(child.isAlive(), () -> "child ended before it was killed: " + log());
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }

    List<Snapshot> listed = new SnapshotDirectory(dir).list();
    assertEquals(1, listed.size());
    Snapshot s = listed.get(0);
    assertFalse(s.complete(), "a killed snapshot is never listed as complete");
    assertTrue(s.problem().contains("interrupted"), s.problem());
    assertEquals("DROP TABLE BIG", s.statement());
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertEquals(5000, Fixture.count(c, "BIG"), "the statement never ran");
    }
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("child.log"));
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static boolean rowFileExists(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".dgrows"));
    }
  }
}
