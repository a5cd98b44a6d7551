package io.dropguard.core.analysis;

import java.util.Locale;
import java.util.Optional;

/** The kinds of destruction of SPEC.md; {@link #id()} is the name used in policy files. */
public enum StatementKind {
  DROP_DATABASE,
  DROP_SCHEMA,
  DROP_TABLE,
  DROP_VIEW,
  DROP_OTHER,
  TRUNCATE,
  ALTER_DROP,
  DELETE_ALL,
  UPDATE_ALL,
  UNPARSEABLE;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The SPEC name, such as {@code drop_table}. */
  public String id() {
    return id;
  }

  /** The kind whose {@link #id()} is {@code id}, if any. */
  public static Optional<StatementKind> fromId(String id) {
    for (StatementKind k : values()) {
      if (k.id.equals(id)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
