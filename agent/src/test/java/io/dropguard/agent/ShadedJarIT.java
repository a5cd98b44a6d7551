package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.agent.apps.OldLibrariesApp;
import io.dropguard.agent.apps.ScopeAnalysisApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the shaded agent jar carries, and that it never clashes with the application's own libraries. */
class ShadedJarIT {
  @TempDir Path h2Dir;

  @Test
  void everythingTheJarCarriesIsUnderIoDropguardOrMetaInf() throws IOException {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      TreeSet<String> foreign =
          jar.stream()
              .map(JarEntry::getName)
              .filter(n -> !n.startsWith("io/dropguard/") && !n.startsWith("META-INF/") && !n.equals("io/"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(), foreign, "entries outside io/dropguard/ and META-INF/ (not relocated)");
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("io/micrometer/")), "Micrometer is bundled");
      assertTrue(jar.stream().noneMatch(e -> e.getName().endsWith("module-info.class")), "module-info bundled");
      assertTrue(jar.stream().noneMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")), "signatures");
      assertTrue(
          jar.stream().anyMatch(e -> e.getName().startsWith("io/dropguard/shaded/net/sf/jsqlparser/")),
          "JSqlParser relocated");
      assertTrue(
          jar.stream().anyMatch(e -> e.getName().startsWith("io/dropguard/shaded/net/bytebuddy/")),
          "byte-buddy relocated");

      JarEntry drivers = jar.getJarEntry("META-INF/services/java.sql.Driver");
      if (drivers != null) {
        String registered = new String(jar.getInputStream(drivers).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> names = registered.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of("io.dropguard.driver.DropGuardDriver"), names, "foreign JDBC drivers registered");
      }
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertEquals("io.dropguard.agent.DropGuardAgent", manifest.getValue("Premain-Class"));
      assertEquals("io.dropguard.agent.DropGuardAgent", manifest.getValue("Agent-Class"));
      assertEquals("true", manifest.getValue("Can-Retransform-Classes"));
    }
  }

  @Test
  void theRelocatedLibrariesWriteNothingOfTheirOwnOnStandardError() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "scoped");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .run(ScopeAnalysisApp.class, h2Dir.toString(), "scoped");

    // the decision itself belongs to the analysis tests; here: one outcome, and no foreign output
    assertEquals(1, result.stdoutLines().size(), result.describe());
    assertTrue(result.stdoutLines().get(0).matches("TAUTOLOGY (OK|REFUSED ZG00\\d)"), result.describe());
    assertTrue(!result.stderr().contains("SLF4J"), result.describe());
  }

  @Test
  void anApplicationWithOlderJsqlParserAndGuavaStillWorksAndIsGuarded() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "app_table");
    }
    Path oldLibs = Path.of(System.getProperty("dropguard.old.libs", "target/old-libs"));
    ChildJvm jvm =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .excludeJars(name -> name.startsWith("jsqlparser-") || name.startsWith("guava-"));
    try (var libs = Files.list(oldLibs)) {
      libs.forEach(jvm::prependClassPath);
    }
    ChildJvm.Result result = jvm.run(OldLibrariesApp.class, h2Dir.toString(), "app_table");

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(
        List.of("JSQLPARSER-4.5 OK", "GUAVA-20 OK", "DROP REFUSED ZG001"), result.stdoutLines(), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "app_table"));
    }
  }
}
