package io.dropguard.core;

import io.dropguard.core.policy.Policy;
import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.PolicyProblem;
import io.dropguard.core.policy.PolicySet;
import io.dropguard.core.policy.PolicySource;
import io.dropguard.core.policy.RefusalMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which policy governs one connection now: selected when the connection opens, selected again after a policy
 * file changed (#3 hot reload).
 */
final class PolicyBinding {
  private final PolicySource source;
  private final ConnectionIdentity identity;
  private final String settingSource;
  private final Fallback fallback;
  private volatile PolicySet selectedFrom;
  private volatile Policy policy;

  /** What to do when no policy can be selected any more: refuse, or (on_config_error=warn) a fallback. */
  interface Fallback {
    /** The policy to use instead, or null to refuse. */
    Policy instead(String why);
  }

  private PolicyBinding(PolicySource source, ConnectionIdentity identity, String settingSource, Fallback fallback) {
    this.source = source;
    this.identity = identity;
    this.settingSource = settingSource;
    this.fallback = fallback;
  }

  /** A fixed policy (the built-in default). */
  static PolicyBinding fixed(Policy policy, ConnectionIdentity identity) {
    PolicyBinding b = new PolicyBinding(null, identity, null, why -> null);
    b.policy = policy;
    return b;
  }

  /**
   * Bound to the policies of {@code source}.
   *
   * @throws RefusedException ZG005 when none is valid for {@code identity} and the fallback gives none
   */
  static PolicyBinding of(
      PolicySource source,
      ConnectionIdentity identity,
      String settingSource,
      Fallback fallback,
      Consumer<PolicyException> onReloadError)
      throws RefusedException {
    PolicyBinding b = new PolicyBinding(source, identity, settingSource, fallback);
    b.current(onReloadError);
    return b;
  }

  /**
   * The policy in force now.
   *
   * @throws RefusedException ZG005 when no valid policy governs the connection
   */
  Policy current(Consumer<PolicyException> onReloadError) throws RefusedException {
    if (source == null) {
      return policy;
    }
    PolicySource.State st = source.current(onReloadError);
    PolicySet set = st.policies();
    if (set != null && set == selectedFrom) {
      return policy;
    }
    synchronized (this) {
      if (set != null && set == selectedFrom) {
        return policy;
      }
      if (set == null) {
        List<String> problems = new ArrayList<>();
        for (PolicyProblem p : st.error().problems()) {
          problems.add(p.toString());
        }
        return fallbackOrRefuse(problems);
      }
      Policy p = set.select(identity).orElse(null);
      if (p == null) {
        return fallbackOrRefuse(List.of());
      }
      policy = p;
      selectedFrom = set;
      return p;
    }
  }

  private Policy fallbackOrRefuse(List<String> problems) throws RefusedException {
    String message = RefusalMessages.noValidPolicy(identity, source.path().toString(), settingSource, problems);
    Policy instead = fallback.instead(message);
    if (instead != null) {
      return instead;
    }
    throw new RefusedException(new Refusal(SqlState.NO_VALID_POLICY, message));
  }
}
