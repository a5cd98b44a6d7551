package io.dropguard.core.policy;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.confirm.ConfirmOptions;
import io.dropguard.core.snapshot.SnapshotOptions;
import java.util.List;

/**
 * One policy file, loaded.
 *
 * @param name the {@code name:} (the file name without extension when not given)
 * @param file where it was read from, as the user named it
 * @param match which connections it governs; null for a catch-all (no {@code match:})
 * @param mode enforce or report
 * @param rules in file order; the first that matches decides
 * @param defaultAction for destructive statements no rule matches
 * @param defaultPosition where {@code default:} is written, or the file's start when it is not
 * @param snapshot the {@code snapshot:} section (with defaults)
 * @param retention the {@code snapshot.keep} setting
 * @param confirm the {@code confirm:} section (with defaults)
 */
public record Policy(
    String name,
    String file,
    ConnectionMatch match,
    Mode mode,
    List<Rule> rules,
    Action defaultAction,
    SourcePosition defaultPosition,
    SnapshotOptions snapshot,
    Retention retention,
    ConfirmOptions confirm) {
  public Policy {
    rules = List.copyOf(rules);
  }

  public boolean isCatchAll() {
    return match == null;
  }

  /** The first rule that governs {@code kind} on {@code target}, or null when the default applies. */
  public Rule ruleFor(StatementKind kind, ObjectName target, Dialect dialect, String currentSchema) {
    for (Rule r : rules) {
      if (r.matches(kind, target, dialect, currentSchema)) {
        return r;
      }
    }
    return null;
  }

  /** Whether any rule names table patterns with a schema part (then the current schema is worth asking for). */
  public boolean needsCurrentSchema() {
    for (Rule r : rules) {
      for (TablePattern p : r.tables()) {
        if (p.text().indexOf('.') >= 0) {
          return true;
        }
      }
    }
    return false;
  }
}
