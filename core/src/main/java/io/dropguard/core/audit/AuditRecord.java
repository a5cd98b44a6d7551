package io.dropguard.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * One destructive statement DropGuard saw, whatever the decision.
 *
 * @param time when it was decided
 * @param database the real URL, password masked
 * @param policy the governing policy's name
 * @param rule where the deciding rule is written ({@code file:line}), or the policy's default
 * @param user the database user, or null
 * @param host this machine's name
 * @param pid this process
 * @param statement the statement text, bounded in length
 * @param kinds the statement's kinds ({@code drop_table} ...)
 * @param targets the objects it destroys
 * @param action what the policy said
 * @param outcome what happened ({@code allowed}, {@code blocked} ...)
 * @param mode {@code enforce} or {@code report}
 * @param snapshotId the snapshot taken before it ran, or null
 * @param tokenId the confirmation token issued or used, or null (never the token's secret)
 * @param confirmedHow {@code comment}, {@code setting}, {@code api} or {@code terminal}, or null
 * @param confirmedBy who confirmed ({@code user@host pid N}), or null
 * @param reason a sentence saying why (the finding's reason, a refusal's cause)
 */
public record AuditRecord(
    Instant time,
    String database,
    String policy,
    String rule,
    String user,
    String host,
    long pid,
    String statement,
    List<String> kinds,
    List<String> targets,
    String action,
    String outcome,
    String mode,
    String snapshotId,
    String tokenId,
    String confirmedHow,
    String confirmedBy,
    String reason) {
  public AuditRecord {
    kinds = List.copyOf(kinds);
    targets = List.copyOf(targets);
  }

  /** The JSON line, without the line terminator. */
  public String toJson() {
    return appendJson(new StringBuilder(estimatedLength())).toString();
  }

  /**
   * Appends the JSON line (without terminator) to {@code sb} in one pass: the sinks build their whole line, prefix
   * and newline included, in one buffer sized with {@link #estimatedLength}.
   */
  StringBuilder appendJson(StringBuilder sb) {
    return new Json(sb)
        .field("time", time)
        .field("event", "statement")
        .field("database", database)
        .field("policy", policy)
        .field("rule", rule)
        .field("user", user)
        .field("host", host)
        .field("pid", pid)
        .field("statement", statement)
        .field("kinds", kinds)
        .field("targets", targets)
        .field("action", action)
        .field("outcome", outcome)
        .field("mode", mode)
        .field("snapshot_id", snapshotId)
        .field("token_id", tokenId)
        .field("confirmed_how", confirmedHow)
        .field("confirmed_by", confirmedBy)
        .field("reason", reason)
        .close();
  }

  /** Characters enough for the line unless its strings need many escapes (the builder then grows). */
  int estimatedLength() {
    // keys, punctuation, the time and the constant values: about 300 characters
    int n = 320 + len(database) + len(policy) + len(rule) + len(user) + len(host) + len(statement) + len(action)
        + len(outcome) + len(mode) + len(snapshotId) + len(tokenId) + len(confirmedHow) + len(confirmedBy)
        + len(reason);
    for (String k : kinds) {
      n += k.length() + 3;
    }
    for (String t : targets) {
      n += t.length() + 3;
    }
    return n + (statement == null ? 0 : statement.length() >> 4); // room for some escapes in the statement
  }

  private static int len(String s) {
    return s == null ? 4 : s.length();
  }

  /** The JSON line of a policy reload error (the last valid version stays in force). */
  public static String policyErrorJson(Instant time, String source, List<String> problems) {
    return new Json()
        .field("time", time)
        .field("event", "policy_error")
        .field("policies", source)
        .field("problems", problems)
        .field("host", Host.name())
        .field("pid", Host.pid())
        .end();
  }
}
