package io.dropguard.core.policy;

import java.util.Locale;
import java.util.Optional;

/** Whether a policy's decisions are applied, or only recorded. */
public enum Mode {
  ENFORCE,
  /** Decide, record and count, but let everything through: for trying a policy on a live system. */
  REPORT;

  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  public static Optional<Mode> fromId(String id) {
    for (Mode m : values()) {
      if (m.id.equals(id)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
