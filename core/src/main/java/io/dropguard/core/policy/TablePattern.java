package io.dropguard.core.policy;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A glob over a schema-qualified object name: {@code tmp_*} (any schema), {@code scratch.*}, {@code public.audit_?}.
 *
 * <p>Case, [#3]: an unquoted part folds as the dialect folds an unquoted identifier (PostgreSQL to lower case, H2
 * and Oracle to upper case) and is then compared exactly with the target, whose unquoted parts the analyzer has
 * folded the same way; MySQL/MariaDB, SQL Server and unknown engines compare unquoted parts ignoring case (their
 * table names are case-insensitive on most installations). A part in double quotes ({@code '"Audit".*'}) is
 * compared exactly as written, like a quoted identifier.
 *
 * <p>A pattern of one part matches the object's own name in any schema. A pattern of two parts matches
 * {@code schema.name}; an unqualified target is then compared with the connection's current schema.
 */
public final class TablePattern {
  private final String text;
  private final List<Part> parts;

  private record Part(Glob exact, Glob lower, Glob upper, Glob anyCase, boolean quoted) {
    boolean matches(String name, Dialect dialect) {
      if (quoted) {
        return exact.matches(name);
      }
      switch (dialect) {
        case POSTGRES:
          return lower.matches(name);
        case H2:
        case ORACLE:
          return upper.matches(name);
        default:
          return anyCase.matches(name);
      }
    }

    boolean matchesEverything() {
      return exact.matchesEverything();
    }
  }

  private TablePattern(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException with a sentence saying what is wrong
   */
  public static TablePattern parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("an empty table pattern matches nothing");
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuote = false;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (inQuote && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          if (!inQuote && cur.length() > 0) {
            throw new IllegalArgumentException("a quote must start a part of the pattern: '" + text + "'");
          }
          inQuote = !inQuote;
          quoted = true;
        }
      } else if (c == '.' && !inQuote) {
        parts.add(part(text, cur.toString(), quoted));
        cur.setLength(0);
        quoted = false;
      } else if (!inQuote && Character.isWhitespace(c)) {
        throw new IllegalArgumentException("a table pattern has no spaces outside quotes: '" + text + "'");
      } else if (!inQuote && "[]{}".indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "'" + c + "' is not a glob character here; use * (any characters) and ? (one character): '" + text + "'");
      } else {
        cur.append(c);
      }
    }
    if (inQuote) {
      throw new IllegalArgumentException("unclosed quote in table pattern '" + text + "'");
    }
    parts.add(part(text, cur.toString(), quoted));
    if (parts.size() > 3) {
      throw new IllegalArgumentException(
          "a table pattern has at most 3 parts (catalog.schema.table): '" + text + "'");
    }
    return new TablePattern(text, parts);
  }

  private static Part part(String text, String p, boolean quoted) {
    if (p.isEmpty() && !quoted) {
      throw new IllegalArgumentException("empty part in table pattern '" + text + "' (a stray '.'?)");
    }
    return new Part(
        new Glob(p, false),
        new Glob(p.toLowerCase(Locale.ROOT), false),
        new Glob(p.toUpperCase(Locale.ROOT), false),
        new Glob(p, true),
        quoted);
  }

  /** The pattern as written. */
  public String text() {
    return text;
  }

  /** True when this pattern matches every name another pattern can (used to find shadowed rules). */
  boolean covers(TablePattern other) {
    if (text.equalsIgnoreCase(other.text) && parts.size() == other.parts.size()) {
      return true;
    }
    for (Part p : parts) {
      if (!p.matchesEverything()) {
        return false;
      }
    }
    return parts.size() == 1;
  }

  /**
   * Whether {@code target} matches.
   *
   * @param currentSchema the connection's current schema (or database, on MySQL) for unqualified targets, or
   *     null when unknown (an unqualified target then never matches a qualified pattern)
   */
  public boolean matches(ObjectName target, Dialect dialect, String currentSchema) {
    List<String> names = target.parts();
    int n = parts.size();
    for (int i = 0; i < n; i++) {
      int fromEnd = n - 1 - i;
      int idx = names.size() - 1 - fromEnd;
      String name;
      if (idx >= 0) {
        name = names.get(idx);
      } else if (idx == -1 && currentSchema != null && names.size() == 1) {
        name = currentSchema;
      } else {
        return false;
      }
      if (!parts.get(i).matches(name, dialect)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
