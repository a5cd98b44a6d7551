package io.dropguard.cli;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.policy.Decision;
import io.dropguard.core.policy.Policy;
import io.dropguard.core.policy.PolicyDecider;
import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.PolicyLoader;
import io.dropguard.core.policy.PolicyProblem;
import io.dropguard.core.policy.PolicySet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The decision part of {@code dropguard explain --policies P --url U}: which policy file governs the URL, and for
 * each destructive statement the action and the file:line of the rule that decided it.
 */
final class DecisionPrinter {
  private DecisionPrinter() {}

  /**
   * Prints the decisions; returns false when no valid policy governs the URL (the connection would be refused
   * with ZG005), after saying why on {@code err}.
   */
  static boolean print(String policies, String url, Analysis analysis, Dialect dialect, PrintStream out, PrintStream err) {
    if (url == null) {
      err.println("dropguard explain: --policies needs --url (the real JDBC URL the policy is chosen by)");
      return false;
    }
    String realUrl = url.startsWith("jdbc:dropguard:") ? "jdbc:" + url.substring("jdbc:dropguard:".length()) : url;
    PolicySet set;
    try {
      set = PolicyLoader.loadAll(Path.of(policies));
    } catch (PolicyException e) {
      err.println("dropguard explain: the policies do not load, so every connection would be refused (ZG005):");
      for (PolicyProblem p : e.problems()) {
        err.println("  " + p);
      }
      return false;
    }
    ConnectionIdentity id = new ConnectionIdentity(realUrl, null, null, null, null, dialect);
    Policy policy = set.select(id).orElse(null);
    if (policy == null) {
      err.println(
          "dropguard explain: no policy in " + policies + " matches " + realUrl
              + " and there is no catch-all: the connection would be refused (ZG005)");
      return false;
    }
    out.println(
        "policy: \"" + policy.name() + "\" (" + policy.file() + ")" + (policy.isCatchAll() ? ", catch-all" : "")
            + ", mode " + policy.mode().id());
    List<StatementAnalysis> statements = analysis.statements();
    for (int i = 0; i < statements.size(); i++) {
      StatementAnalysis s = statements.get(i);
      if (!s.isDestructive()) {
        out.println("  statement " + (i + 1) + ": allowed (not destructive)");
        continue;
      }
      Decision d = PolicyDecider.decide(policy, s, dialect, () -> null);
      out.println(
          "  statement " + (i + 1) + ": " + d.action().id() + " (" + d.finding().kind().id()
              + (d.target() != null ? " " + d.target() : "") + ") by " + d.ruleLocation() + ", "
              + d.ruleDescription());
    }
    return true;
  }
}
