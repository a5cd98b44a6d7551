package io.dropguard.core.policy;

import io.dropguard.core.ConnectionIdentity;
import java.util.List;

/**
 * The {@code match:} section: which connections a policy governs. Every condition given must hold; within one
 * condition written as a list, any of the globs may hold.
 *
 * @param urls globs over the real JDBC URL (case ignored); empty when not given
 * @param users globs over the database user (case kept); empty when not given
 * @param products globs over the database product name of the metadata (case ignored); empty when not given
 * @param marker the database's identity marker ({@code dropguard mark}), compared exactly; null when not given
 */
public record ConnectionMatch(List<Glob> urls, List<Glob> users, List<Glob> products, String marker) {
  public ConnectionMatch {
    urls = List.copyOf(urls);
    users = List.copyOf(users);
    products = List.copyOf(products);
  }

  public boolean matches(ConnectionIdentity identity) {
    return any(urls, identity.realUrl())
        && any(users, identity.user() == null ? "" : identity.user())
        && any(products, identity.product())
        && (marker == null || marker.equals(identity.marker()));
  }

  private static boolean any(List<Glob> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
