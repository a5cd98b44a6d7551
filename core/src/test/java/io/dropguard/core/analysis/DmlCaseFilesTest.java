package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The scope case files straight through DmlAnalyzer (the full pipeline runs them in the lexer's CaseFilesTest).
 * Cases whose point is lexical (MySQL's {@code --1}) are left to that runner.
 */
class DmlCaseFilesTest {
  private final DmlAnalyzer analyzer = new DmlAnalyzer();

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> scopeCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : List.of("cases/scope-dml.yaml")) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
        assertTrue(in != null, file);
        List<Map<String, Object>> cases =
            (List<Map<String, Object>>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        for (Map<String, Object> c : cases) {
          String sql = (String) c.get("sql");
          if (sql.contains("--")) {
            continue;
          }
          tests.add(DynamicTest.dynamicTest(file + ": " + c.get("name"), () -> check(c)));
        }
      }
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private void check(Map<String, Object> c) {
    Dialect d = Dialect.fromId((String) c.get("dialect")).orElseThrow();
    DmlResult r = analyzer.analyze(DmlCorpusTest.render((String) c.get("sql")), d);
    assertTrue(r.parsed(), r::problem);
    List<String> kinds = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (Finding f : r.findings()) {
      kinds.add(f.kind().id());
      f.targets().forEach(t -> targets.add(t.toString()));
    }
    assertEquals(c.get("kinds"), kinds.stream().distinct().toList(), () -> r.findings().toString());
    if (c.containsKey("targets")) {
      assertEquals(c.get("targets"), targets);
    }
  }
}
