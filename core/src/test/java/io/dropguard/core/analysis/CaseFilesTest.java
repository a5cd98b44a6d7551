package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runs every case of {@code cases/*.yaml}: one dynamic test per case, named by file and case name.
 *
 * <p>Format, a list of:
 *
 * <pre>
 * - name: drop several tables if exists cascade
 *   dialect: postgres          # postgres|mysql|h2|oracle|sqlserver|generic
 *   sql: DROP TABLE IF EXISTS a, b CASCADE
 *   kinds: [drop_table]        # the exact set of kinds over the whole string; [] = not destructive
 *   targets: [a, b]            # optional: the exact set of target names (dotted) over all findings
 *   object_types: [table]      # optional: the exact set of objectType values over all findings
 *   reason: removes the table  # optional: text some finding's reason must contain
 *   statements: 2              # optional: how many statements the string holds
 *   opaque: true               # optional: whether some statement is reported opaque (CALL, EXEC proc)
 *   why: JSqlParser cannot parse this; the token classifier must
 * </pre>
 */
class CaseFilesTest {
  record Case(String file, Map<String, Object> fields) {
    String name() {
      return file + ": " + fields.get("name");
    }
  }

  static List<Case> loadAll() throws IOException, URISyntaxException {
    URL dir = CaseFilesTest.class.getResource("/cases");
    if (dir == null) {
      throw new IllegalStateException("no cases/ directory on the test class path");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir.toURI()), "*.yaml")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    List<Case> cases = new ArrayList<>();
    Load load = new Load(LoadSettings.builder().build());
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        Object doc = load.loadFromInputStream(in);
        if (!(doc instanceof List)) {
          throw new IllegalStateException(f.getFileName() + ": expected a list of cases");
        }
        for (Object o : (List<?>) doc) {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) o;
          cases.add(new Case(f.getFileName().toString(), m));
        }
      }
    }
    return cases;
  }

  @TestFactory
  List<DynamicTest> cases() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : loadAll()) {
      tests.add(DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }
    return tests;
  }

  @Test
  void everyCaseHasTheRequiredFields() throws Exception {
    for (Case c : loadAll()) {
      for (String k : List.of("name", "dialect", "sql", "kinds", "why")) {
        assertTrue(c.fields().containsKey(k), c.name() + ": missing '" + k + "'");
      }
      Set<String> known = Set.of("name", "dialect", "sql", "kinds", "targets", "object_types", "reason",
          "statements", "opaque", "why");
      for (String k : c.fields().keySet()) {
        assertTrue(known.contains(k), c.name() + ": unknown field '" + k + "'");
      }
      assertTrue(Dialect.fromId(String.valueOf(c.fields().get("dialect"))).isPresent(),
          c.name() + ": unknown dialect");
    }
  }

  private static Set<String> strings(Object o) {
    Set<String> s = new TreeSet<>();
    if (o instanceof List) {
      for (Object x : (List<?>) o) {
        s.add(String.valueOf(x));
      }
    } else if (o != null) {
      s.add(String.valueOf(o));
    }
    return s;
  }

  static void check(Case c) {
    Map<String, Object> f = c.fields();
    Dialect dialect = Dialect.fromId(String.valueOf(f.get("dialect"))).orElseThrow();
    String sql = String.valueOf(f.get("sql"));
    Analysis a = SqlAnalyzer.shared().analyze(sql, dialect);
    String shown = describe(a);
    Set<String> kinds = a.kinds().stream().map(StatementKind::id).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(strings(f.get("kinds")), kinds, "kinds of " + sql + "\n" + shown);
    if (f.containsKey("targets")) {
      Set<String> targets = new TreeSet<>();
      a.statements().forEach(s -> s.findings().forEach(x -> x.targets().forEach(t -> targets.add(t.toString()))));
      assertEquals(strings(f.get("targets")), targets, "targets of " + sql + "\n" + shown);
    }
    if (f.containsKey("object_types")) {
      Set<String> types = new TreeSet<>();
      a.statements().forEach(s -> s.findings().forEach(x -> types.add(x.objectType())));
      assertEquals(strings(f.get("object_types")), types, "object types of " + sql + "\n" + shown);
    }
    if (f.containsKey("reason")) {
      String want = String.valueOf(f.get("reason")).toLowerCase(Locale.ROOT);
      boolean found = a.statements().stream().flatMap(s -> s.findings().stream())
          .anyMatch(x -> x.reason().toLowerCase(Locale.ROOT).contains(want));
      if (!found) {
        fail("no reason contains '" + want + "'\n" + shown);
      }
    }
    if (f.containsKey("statements")) {
      assertEquals(((Number) f.get("statements")).intValue(), a.statements().size(), "statements\n" + shown);
    }
    if (f.containsKey("opaque")) {
      boolean opaque = a.statements().stream().anyMatch(StatementAnalysis::isOpaque);
      assertEquals(Boolean.TRUE.equals(f.get("opaque")), opaque, "opaque\n" + shown);
    }
  }

  static String describe(Analysis a) {
    StringBuilder b = new StringBuilder();
    for (StatementAnalysis s : a.statements()) {
      b.append("  statement: ").append(s.normalized()).append('\n');
      for (Finding x : s.findings()) {
        b.append("    ").append(x.kind().id()).append(' ').append(x.objectType()).append(' ').append(x.targets())
            .append(": ").append(x.reason()).append('\n');
      }
      for (String n : s.notes()) {
        b.append("    note: ").append(n).append('\n');
      }
    }
    return b.toString();
  }
}
