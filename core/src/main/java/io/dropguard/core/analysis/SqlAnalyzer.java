package io.dropguard.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of the analysis: SQL text in, {@link Analysis} out. Thread-safe, never throws, bounded work per
 * statement.
 */
public final class SqlAnalyzer {
  private static final SqlAnalyzer SHARED = new SqlAnalyzer();

  /** The process-wide analyzer (its cache is shared by every connection). */
  public static SqlAnalyzer shared() {
    return SHARED;
  }

  // SKELETON: replaced by the real lexer/classifier (issue 2). Fails closed: anything that mentions a
  // destructive keyword is reported.
  public Analysis analyze(String sql, Dialect dialect) {
    List<StatementAnalysis> out = new ArrayList<>();
    for (String part : sql.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      String u = part.toUpperCase(Locale.ROOT);
      List<Finding> f = new ArrayList<>();
      if (u.contains("DROP") || u.contains("TRUNCATE") || u.contains("DELETE") || u.contains("UPDATE")) {
        f.add(new Finding(StatementKind.UNPARSEABLE, "statement", List.of(), "skeleton analyzer"));
      }
      out.add(new StatementAnalysis(part, part.strip(), f));
    }
    return new Analysis(out);
  }
}
