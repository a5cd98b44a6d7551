package io.dropguard.core.analysis;

import java.util.List;

/**
 * A possibly qualified object name, each part already folded as the dialect folds unquoted identifiers
 * (PostgreSQL lower case, H2 and Oracle upper case, MySQL as written); quoted parts are kept exactly.
 */
public record ObjectName(List<String> parts) {
  public ObjectName {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("empty name");
    }
  }

  public static ObjectName of(String... parts) {
    return new ObjectName(List.of(parts));
  }

  /** The last part: the object's own name. */
  public String name() {
    return parts.get(parts.size() - 1);
  }

  /** The part before the name (schema, or database in MySQL), or null when unqualified. */
  public String schema() {
    return parts.size() > 1 ? parts.get(parts.size() - 2) : null;
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }
}
