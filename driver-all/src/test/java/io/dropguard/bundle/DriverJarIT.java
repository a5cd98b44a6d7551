package io.dropguard.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-contained driver jar, as a user drops it next to the real driver: a URL swap guards, nothing leaks. */
class DriverJarIT {
  private static final Path JAR = Path.of(System.getProperty("dropguard.driver.jar", "target/dropguard-driver.jar"));

  @TempDir Path dir;

  @Test
  void carriesOnlyDropGuardClassesAndOneDriverEntry() throws Exception {
    List<String> foreign = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Collections.list(jar.entries()).forEach(e -> {
        String n = e.getName();
        if (!n.startsWith("io/dropguard/") && !n.startsWith("META-INF/") && !n.equals("io/")) {
          foreign.add(n);
        }
      });
      String drivers =
          new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertEquals("io.dropguard.driver.DropGuardDriver", drivers.strip());
    }
    assertEquals(List.of(), foreign.subList(0, Math.min(20, foreign.size())), "classes outside io/dropguard");
  }

  @Test
  void urlSwapOnAPlainClassPathRefusesTheDropAndKeepsTheTable() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        policies.resolve("prod.yaml"), "name: prod\nrules:\n  - when: [drop_table, delete_all]\n    action: block\n");
    Path script = dir.resolve("Script.java");
    Files.writeString(
        script,
        "import java.sql.*;\n"
            + "public class Script { public static void main(String[] a) throws Exception {\n"
            + "  try (Connection c = DriverManager.getConnection(\"jdbc:dropguard:h2:\" + a[0], \"sa\", \"\");\n"
            + "       Statement s = c.createStatement()) {\n"
            + "    s.execute(\"CREATE TABLE t(id INT)\"); s.execute(\"INSERT INTO t VALUES (1)\");\n"
            + "    try { s.execute(\"DROP TABLE t\"); System.out.println(\"dropped\"); }\n"
            + "    catch (SQLException e) { System.out.println(e.getSQLState() + \" \" + e.getClass().getSimpleName()); }\n"
            + "    try (ResultSet r = s.executeQuery(\"SELECT COUNT(*) FROM t\")) { r.next(); System.out.println(\"rows \" + r.getInt(1)); }\n"
            + "  } } }\n");
    String h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddropguard.policies=" + policies,
                "-Ddropguard.state_dir=" + dir.resolve("state"),
                "-Ddropguard.audit=" + dir.resolve("audit.log"),
                "-cp",
                JAR.toAbsolutePath() + File.pathSeparator + h2,
                script.toString(),
                dir.resolve("db").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("ZG001 StatementBlockedException"), out);
    assertTrue(out.contains("rows 1"), out);
    assertFalse(out.contains("SLF4J"), "nothing the bundled libraries print reaches the host: " + out);
  }
}
