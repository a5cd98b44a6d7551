package io.dropguard.core;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.SqlAnalyzer;
import java.util.List;

/** One per guarded connection: decides whether SQL may reach the database. Thread-safe. */
public final class Guard {
  private final ConnectionIdentity identity;
  private final SqlAnalyzer analyzer;

  Guard(ConnectionIdentity identity, SqlAnalyzer analyzer) {
    this.identity = identity;
    this.analyzer = analyzer;
  }

  public ConnectionIdentity identity() {
    return identity;
  }

  /**
   * Decides one SQL string (which may hold several statements) before any of it runs. Returns normally when it
   * may run (after any snapshot it needed was taken).
   *
   * @throws RefusedException when no part of it may run
   */
  public void admit(String sql, StatementContext context) throws RefusedException {
    admitAll(List.of(sql), context);
  }

  /**
   * Decides a batch as a whole: when any entry is refused, none may run.
   *
   * @throws RefusedException when no part of the batch may run
   */
  public void admitAll(List<String> sqls, StatementContext context) throws RefusedException {
    // SKELETON: replaced by the policy engine (issue 3).
    for (String sql : sqls) {
      Analysis a = analyzer.analyze(sql, identity.dialect());
      if (a.isDestructive() && !identity.realUrl().startsWith("jdbc:h2:mem:")) {
        throw new RefusedException(
            new Refusal(SqlState.BLOCKED, "DropGuard ZG001: blocked by the built-in default policy: " + sql));
      }
    }
  }
}
