package io.dropguard.core.analysis;

/**
 * Decides DELETE, UPDATE, MERGE and statements with data-modifying CTEs from a full parse (JSqlParser), with
 * predicate semantics (Calcite) behind {@code ScopeCheck}.
 */
final class DmlAnalyzer {
  /**
   * @param sql one statement as the database reads it: comments removed, executable comments' content kept,
   *     no trailing semicolon
   * @return the findings, or {@link DmlResult#unparsed(String)} when the statement could not be parsed
   */
  DmlResult analyze(String sql, Dialect dialect) {
    return DmlResult.unparsed("SKELETON: DML analysis not built yet");
  }
}
