package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.identity.MarkerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkCommandTest {
  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String url() {
    return "jdbc:h2:file:" + temp.resolve("marked").toAbsolutePath();
  }

  private String readMarker() throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
      return MarkerStore.forDialect(Dialect.H2).read(c, true).marker();
    }
  }

  @Test
  void marksTheDatabaseAndReplacesAnEarlierMarker() throws SQLException {
    assertEquals(0, run("mark", "--url", url(), "--as", "production", "--user", "sa"), err.toString());
    assertTrue(out.toString().startsWith("Marked " + url() + " as 'production' (stored in PUBLIC.dropguard_identity)."), out.toString());
    assertTrue(out.toString().contains("match: {marker: production}"), out.toString());
    assertEquals("production", readMarker());
    assertEquals(0, run("mark", "--url", "jdbc:dropguard:" + url().substring(5), "--as", "staging", "--user", "sa"), err.toString());
    assertEquals("staging", readMarker());
  }

  @Test
  void usageErrorsExitWith2AndSayWhatIsMissing() {
    assertEquals(2, run("mark", "--url", url()));
    assertTrue(err.toString().contains("--as is required"), err.toString());
    assertEquals(2, run("mark", "--url", url(), "--as", "prod uction"));
    assertTrue(err.toString().contains("not a valid marker"), err.toString());
    assertEquals(2, run("mark", "--url"));
  }

  @Test
  void aDatabaseThatCannotBeReachedExitsWith1WithThePasswordMasked() {
    assertEquals(1, run("mark", "--url", "jdbc:nosuch://db/x?password=hunter2", "--as", "production"));
    assertTrue(err.toString().contains("could not mark jdbc:nosuch://db/x?password=****"), err.toString());
    assertTrue(!err.toString().contains("hunter2"), err.toString());
  }
}
