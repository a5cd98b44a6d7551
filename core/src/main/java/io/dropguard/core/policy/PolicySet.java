package io.dropguard.core.policy;

import io.dropguard.core.ConnectionIdentity;
import java.util.List;
import java.util.Optional;

/**
 * The policies of one {@code dropguard.policies} setting, in file-name order.
 *
 * @param source the configured file or directory, as the user named it
 * @param policies in file-name order
 * @param builtIn true for DropGuard's built-in default policy (nothing configured)
 */
public record PolicySet(String source, List<Policy> policies, boolean builtIn) {
  public PolicySet {
    policies = List.copyOf(policies);
  }

  /** The first policy whose {@code match} holds for {@code identity} (a catch-all always holds). */
  public Optional<Policy> select(ConnectionIdentity identity) {
    for (Policy p : policies) {
      if (p.isCatchAll() || p.match().matches(identity)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
