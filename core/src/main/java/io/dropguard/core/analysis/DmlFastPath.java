package io.dropguard.core.analysis;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises, without a parser, the most common scoped DML: one table, and a WHERE that is a pure AND chain of
 * target columns compared with constants or parameters ({@code DELETE FROM t WHERE id = ?},
 * {@code UPDATE t SET a = 1, b = ? WHERE tenant = 7 AND id IN (1, 2)}). It only ever answers "scoped"; anything
 * else, however harmless, goes to the full analysis. Every shape it accepts is one that {@link ScopeCheck} also
 * calls scoped (a conjunct comparing a target column with a constant), which a test checks on the corpus.
 */
final class DmlFastPath {
  /** Words that are never a column here: keywords, and functions that JSqlParser reads as bare names. */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "and", "or", "not", "is", "in", "like", "ilike", "between", "null", "true", "false", "unknown", "where",
          "select", "exists", "case", "when", "then", "else", "end", "any", "all", "some", "set", "from", "using",
          "join", "on", "limit", "order", "returning", "top", "fetch", "offset", "current", "of", "user",
          "session_user", "system_user", "rownum", "rowid", "level", "sysdate", "systimestamp", "localtime",
          "localtimestamp", "default", "escape", "collate", "binary", "interval", "date", "time", "timestamp",
          "only", "as", "values", "with", "row", "array", "distinct", "similar", "regexp", "rlike", "glob", "match",
          "sounds", "div", "mod", "xor");

  private final String s;
  private int pos;

  private DmlFastPath(String s) {
    this.s = s;
  }

  /** True only when {@code sql} is certainly a scoped single-table DELETE/UPDATE of the simple shape. */
  static boolean scoped(String sql) {
    if (sql == null || sql.length() > 2_000) {
      return false;
    }
    try {
      return new DmlFastPath(sql).statement();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean statement() {
    skipSpace();
    if (word("DELETE")) {
      if (!word("FROM") || !tableName()) {
        return false;
      }
      optionalAlias();
    } else if (word("UPDATE")) {
      if (!tableName()) {
        return false;
      }
      optionalAlias();
      if (!word("SET") || !assignment()) {
        return false;
      }
      while (symbol(",")) {
        if (!assignment()) {
          return false;
        }
      }
    } else {
      return false;
    }
    if (!word("WHERE") || !atom()) {
      return false;
    }
    while (word("AND")) {
      if (!atom()) {
        return false;
      }
    }
    skipSpace();
    return pos == s.length();
  }

  private boolean tableName() {
    if (identifier() == null) {
      return false;
    }
    for (int parts = 1; parts < 3 && symbol("."); parts++) {
      if (identifier() == null) {
        return false;
      }
    }
    return true;
  }

  private void optionalAlias() {
    int mark = pos;
    if (word("AS")) {
      String alias = identifier();
      if (alias == null || reserved(alias)) {
        throw new IllegalStateException("AS without a name");
      }
      return;
    }
    String alias = identifier();
    if (alias == null || reserved(alias)) {
      pos = mark; // no alias: the next word is WHERE or SET
    }
  }

  private boolean assignment() {
    if (!column() || !symbol("=")) {
      return false;
    }
    int mark = pos;
    if (value()) {
      return true;
    }
    pos = mark;
    return column();
  }

  private boolean atom() {
    if (!column()) {
      return false;
    }
    int mark = pos;
    if (word("IS")) {
      word("NOT");
      return word("NULL");
    }
    pos = mark;
    boolean not = word("NOT");
    if (word("IN")) {
      if (!symbol("(") || !value()) {
        return false;
      }
      while (symbol(",")) {
        if (!value()) {
          return false;
        }
      }
      return symbol(")");
    }
    if (word("BETWEEN")) {
      return value() && word("AND") && value();
    }
    if (word("LIKE")) {
      // LIKE '%' holds for every non-null value: only a pattern that tests something
      int start = skipSpaceAt();
      if (!value()) {
        return false;
      }
      String pattern = s.substring(start, pos).strip();
      return !pattern.matches("'%*'");
    }
    if (not) {
      return false;
    }
    skipSpace();
    for (String op : new String[] {"<=", ">=", "<>", "!=", "=", "<", ">"}) {
      if (s.startsWith(op, pos)) {
        pos += op.length();
        return value();
      }
    }
    return false;
  }

  /** A column reference: {@code name} or {@code qualifier.name}; never a keyword or a niladic function. */
  private boolean column() {
    String first = identifier();
    if (first == null || reserved(first)) {
      return false;
    }
    int mark = pos;
    if (symbol(".")) {
      String second = identifier();
      if (second == null || reserved(second)) {
        return false;
      }
    } else {
      pos = mark;
    }
    skipSpace();
    // a name followed by ( is a function call, by :: a cast, by [ a subscript: not this simple shape
    return pos >= s.length() || "(:[.".indexOf(s.charAt(pos)) < 0;
  }

  private static boolean reserved(String ident) {
    if (ident.startsWith("\"") || ident.startsWith("`")) {
      return false;
    }
    String l = lower(ident);
    return NOT_COLUMNS.contains(l) || l.startsWith("current_") || l.startsWith("sys") || l.startsWith("local")
        || l.startsWith("session_");
  }

  /** A number, a standard string literal, or a parameter ({@code ?}, {@code $1}, {@code :name}). */
  private boolean value() {
    skipSpace();
    if (pos >= s.length()) {
      return false;
    }
    char c = s.charAt(pos);
    if (c == '?') {
      pos++;
      return boundary();
    }
    if (c == '$' || c == ':') {
      int start = ++pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
      }
      return pos > start && boundary();
    }
    if (c == '\'') {
      pos++;
      while (pos < s.length()) {
        char d = s.charAt(pos++);
        if (d == '\\') {
          return false; // backslash escapes differ by dialect and setting: leave it to the full analysis
        }
        if (d == '\'') {
          if (pos < s.length() && s.charAt(pos) == '\'') {
            pos++;
          } else {
            return boundary();
          }
        }
      }
      return false;
    }
    if (c == '-') {
      pos++;
      skipSpace();
      if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) {
        return false;
      }
      c = s.charAt(pos);
    }
    if (Character.isDigit(c)) {
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
      }
      return boundary();
    }
    return false;
  }

  /** The next character may not glue onto what was just read ({@code 1e5}, {@code 0x1}, {@code 'a'::text}). */
  private boolean boundary() {
    if (pos >= s.length()) {
      return true;
    }
    char c = s.charAt(pos);
    return c == ' ' || c == ',' || c == ')';
  }

  private String identifier() {
    skipSpace();
    if (pos >= s.length()) {
      return null;
    }
    char c = s.charAt(pos);
    if (c == '"' || c == '`') {
      int end = s.indexOf(c, pos + 1);
      if (end < 0 || (end + 1 < s.length() && s.charAt(end + 1) == c)) {
        return null; // doubled quote inside a name: leave it to the full analysis
      }
      String id = s.substring(pos, end + 1);
      pos = end + 1;
      return id;
    }
    if (!(Character.isLetter(c) || c == '_') || c > 127) {
      return null;
    }
    int start = pos;
    while (pos < s.length()) {
      char d = s.charAt(pos);
      if (d < 128 && (Character.isLetterOrDigit(d) || d == '_')) {
        pos++;
      } else {
        break;
      }
    }
    if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '$' || s.charAt(pos) > 127)) {
      return null; // E'...', N'...', $tag$ and the like
    }
    return s.substring(start, pos);
  }

  private boolean word(String w) {
    skipSpace();
    int end = pos + w.length();
    if (s.regionMatches(true, pos, w, 0, w.length())
        && (end == s.length() || !(Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_'))) {
      pos = end;
      return true;
    }
    return false;
  }

  private boolean symbol(String sym) {
    skipSpace();
    if (s.startsWith(sym, pos)) {
      pos += sym.length();
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < s.length() && s.charAt(pos) == ' ') {
      pos++;
    }
  }

  private int skipSpaceAt() {
    skipSpace();
    return pos;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
