package io.dropguard.core.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a rule does with a statement. Declared from the mildest to the strictest, so that {@link #stricter} is a
 * comparison of ordinals: block &gt; confirm &gt; snapshot &gt; log &gt; allow.
 */
public enum Action {
  ALLOW,
  /** Allow, and record a warning. */
  LOG,
  /** Copy what the statement destroys, durably, then run it. */
  SNAPSHOT,
  /** Run it only with a valid confirmation. */
  CONFIRM,
  BLOCK;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The name used in policy files, such as {@code snapshot}. */
  public String id() {
    return id;
  }

  /** The stricter of this and {@code other}. */
  public Action stricter(Action other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  public static Optional<Action> fromId(String id) {
    for (Action a : values()) {
      if (a.id.equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
