package io.dropguard.core;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;

/** The analysis the guard uses ({@code SqlAnalyzer.shared()::analyze}; tests give scripted analyses). */
@FunctionalInterface
interface Analyzer {
  Analysis analyze(String sql, Dialect dialect);
}
