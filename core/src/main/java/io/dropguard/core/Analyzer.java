package io.dropguard.core;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.SqlAnalyzer;

/** The analysis the guard uses ({@link #of} the shared {@link SqlAnalyzer}; tests give scripted analyses). */
@FunctionalInterface
interface Analyzer {
  Analysis analyze(String sql, Dialect dialect);

  /** True only when {@link #analyze} would certainly find nothing destructive, decided without analysing it. */
  default boolean certainlyHarmless(String sql, Dialect dialect) {
    return false;
  }

  static Analyzer of(SqlAnalyzer analyzer) {
    return new Analyzer() {
      @Override
      public Analysis analyze(String sql, Dialect dialect) {
        return analyzer.analyze(sql, dialect);
      }

      @Override
      public boolean certainlyHarmless(String sql, Dialect dialect) {
        return analyzer.certainlyHarmless(sql, dialect);
      }
    };
  }
}
