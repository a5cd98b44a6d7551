package io.dropguard.core.analysis;

/**
 * The texts {@link HarmlessScan} recently found harmless: a direct-mapped table indexed by the text's hash (which a
 * {@code String} caches, so a prepared statement's constant text is found in a few nanoseconds) and confirmed by
 * equality. A collision only replaces an older entry, which is then scanned again; never a wrong answer, since an
 * entry is returned only for an equal text. Entries are written without locks: a reader sees either the old or
 * the new text (a reference write is atomic, and a {@code String} is immutable and safely published).
 */
final class ScannedTexts {
  private static final int SLOTS = 1024;
  /** Bounds what the table keeps alive: at most {@code SLOTS * MAX_CHARS} characters. */
  static final int MAX_CHARS = 512;

  private final String[] slots = new String[SLOTS];

  boolean contains(String sql) {
    String s = slots[sql.hashCode() & (SLOTS - 1)];
    return s != null && (s == sql || s.equals(sql));
  }

  void add(String sql) {
    if (sql.length() <= MAX_CHARS) {
      slots[sql.hashCode() & (SLOTS - 1)] = sql;
    }
  }
}
