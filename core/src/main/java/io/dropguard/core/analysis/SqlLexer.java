package io.dropguard.core.analysis;

import io.dropguard.core.analysis.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into tokens exactly where the dialect's own lexer would: quotes with doubling, backslash escapes
 * where the dialect has them, dollar quotes, nested comments, MySQL executable comments (whose content is lexed as
 * code), Oracle q-quotes, brackets and backticks.
 *
 * <p>Never throws. Something that opens and never closes (a string, a quoted name, a comment) becomes one
 * {@link Type#UNTERMINATED} token for its opening characters and lexing goes on right after it, so that an
 * unterminated quote can never hide a statement that follows it: the database would reject the text, and
 * DropGuard reads everything that could be in it.
 */
final class SqlLexer {
  /** Work bound: beyond this many tokens the rest is not lexed and {@link Lexed#truncated()} is set. */
  static final int MAX_TOKENS = 1_000_000;

  /**
   * @param tokens the tokens, comments left out
   * @param problems what could not be read, in words ("unterminated string starting at offset 12")
   * @param truncated the text was longer than the work bound
   * @param unicodeSpace the code (outside strings and names) holds non-ASCII white space, which some databases read
   *     as part of a name
   */
  record Lexed(List<Token> tokens, List<String> problems, boolean truncated, boolean unicodeSpace) {}

  private final String s;
  private final LexRules rules;
  private final List<Token> out = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private boolean unicodeSpace;
  private boolean truncated;
  /** inside a MySQL executable comment: its closing *&#47; ends the code */
  private int execDepth;

  private SqlLexer(String s, LexRules rules) {
    this.s = s;
    this.rules = rules;
  }

  static Lexed lex(String sql, LexRules rules) {
    SqlLexer l = new SqlLexer(sql == null ? "" : sql, rules);
    l.run();
    return new Lexed(List.copyOf(l.out), List.copyOf(l.problems), l.truncated, l.unicodeSpace);
  }

  /** Characters that the lexer treats as white space although the databases disagree among themselves. */
  static boolean isUnicodeSpace(char c) {
    return c > 127
        && (Character.isWhitespace(c)
            || Character.isSpaceChar(c)
            || c == '\u200B'
            || c == '\uFEFF'
            || c == '\u180E'
            || c == '\u0085');
  }

  private void run() {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (out.size() >= MAX_TOKENS) {
        truncated = true;
        return;
      }
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
        i++;
        continue;
      }
      if (c < 32 || c == 127) {
        i++;
        continue;
      }
      if (isUnicodeSpace(c)) {
        unicodeSpace = true;
        i++;
        continue;
      }
      i = next(i, c);
    }
  }

  private char at(int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void add(Type type, int start, int end, String value, String prefix) {
    out.add(new Token(type, s.substring(start, end), value, start, end, prefix));
  }

  private int unterminated(int start, int openLength, String what) {
    problems.add("unterminated " + what + " starting at offset " + start);
    add(Type.UNTERMINATED, start, start + openLength, s.substring(start, start + openLength), "");
    return start + openLength;
  }

  /** Lexes one token (or skips one comment) at {@code i}; returns where the next one starts. */
  private int next(int i, char c) {
    char d = at(i + 1);
    // comments
    if (c == '-' && d == '-') {
      if (!rules.dashCommentNeedsSpace() || i + 2 >= s.length() || at(i + 2) <= ' ') {
        return skipLine(i);
      }
    }
    if (c == '#' && rules.hashComments()) {
      return skipLine(i);
    }
    if (c == '/' && d == '/' && rules.slashSlashComments()) {
      return skipLine(i);
    }
    if (c == '/' && d == '*') {
      return blockComment(i);
    }
    if (c == '*' && d == '/' && execDepth > 0) {
      execDepth--;
      return i + 2;
    }
    // strings with a prefix
    if ((c == 'E' || c == 'e') && d == '\'' && rules.escapeStrings() && !wordBefore(i)) {
      return quoted(i, i + 1, '\'', true, Type.STRING, "E");
    }
    if ((c == 'N' || c == 'n') && d == '\'' && !wordBefore(i)) {
      return quoted(i, i + 1, '\'', rules.backslashInStrings(), Type.STRING, "N");
    }
    if ((c == 'X' || c == 'x' || c == 'B' || c == 'b') && d == '\'' && !wordBefore(i)) {
      return quoted(i, i + 1, '\'', false, Type.STRING, String.valueOf(Character.toUpperCase(c)));
    }
    if ((c == 'U' || c == 'u') && d == '&' && (at(i + 2) == '\'' || at(i + 2) == '"') && !wordBefore(i)) {
      Type t = at(i + 2) == '"' ? Type.QUOTED_IDENT : Type.STRING;
      return quoted(i, i + 2, at(i + 2), false, t, "U&");
    }
    if (rules.qQuotes() && !wordBefore(i)) {
      int q = i;
      if ((c == 'N' || c == 'n') && (d == 'q' || d == 'Q')) {
        q = i + 1;
      }
      if ((at(q) == 'q' || at(q) == 'Q') && at(q + 1) == '\'' && q + 2 < s.length()) {
        return qQuote(i, q + 2);
      }
    }
    if (c == '\'') {
      return quoted(i, i, '\'', rules.backslashInStrings(), Type.STRING, "");
    }
    if (c == '"') {
      if (rules.doubleQuotedStrings()) {
        return quoted(i, i, '"', rules.backslashInStrings(), Type.STRING, "\"");
      }
      return quoted(i, i, '"', false, Type.QUOTED_IDENT, "");
    }
    if (c == '`' && rules.backticks()) {
      return quoted(i, i, '`', false, Type.QUOTED_IDENT, "`");
    }
    if (c == '[' && rules.squareBrackets()) {
      return bracket(i);
    }
    if (c == '$') {
      int r = dollar(i);
      if (r > 0) {
        return r;
      }
    }
    if (isWordStart(c)) {
      int j = i + 1;
      while (j < s.length() && isWordPart(at(j))) {
        j++;
      }
      add(Type.WORD, i, j, rules.fold(s.substring(i, j)), "");
      return j;
    }
    if (Character.isDigit(c) || (c == '.' && Character.isDigit(d))) {
      return number(i);
    }
    switch (c) {
      case '(':
        add(Type.LPAREN, i, i + 1, "(", "");
        return i + 1;
      case ')':
        add(Type.RPAREN, i, i + 1, ")", "");
        return i + 1;
      case ',':
        add(Type.COMMA, i, i + 1, ",", "");
        return i + 1;
      case ';':
        add(Type.SEMICOLON, i, i + 1, ";", "");
        return i + 1;
      case '.':
        add(Type.DOT, i, i + 1, ".", "");
        return i + 1;
      case '?':
        if (!rules.pgOperators() || !isOperatorChar(d)) {
          int j = i + 1;
          while (Character.isDigit(at(j))) {
            j++;
          }
          add(Type.PARAM, i, j, s.substring(i, j), "");
          return j;
        }
        break;
      case ':':
        if (d == ':' || d == '=') {
          add(Type.OPERATOR, i, i + 2, s.substring(i, i + 2), "");
          return i + 2;
        }
        if (Character.isLetter(d) || d == '_') {
          int j = i + 1;
          while (j < s.length() && isWordPart(at(j))) {
            j++;
          }
          add(Type.PARAM, i, j, s.substring(i, j), "");
          return j;
        }
        break;
      case '@':
        if (!rules.pgOperators() && (isWordPart(d) || d == '@' || d == '\'' || d == '"' || d == '`')) {
          return variable(i);
        }
        break;
      case '{':
      case '}':
      case '[':
      case ']':
        add(Type.OTHER, i, i + 1, String.valueOf(c), "");
        return i + 1;
      default:
        break;
    }
    if (isOperatorChar(c)) {
      return operator(i);
    }
    add(Type.OTHER, i, i + 1, String.valueOf(c), "");
    return i + 1;
  }

  /** Whether the character just before {@code i} continues a word (so {@code xE'..'} is not an E string). */
  private boolean wordBefore(int i) {
    return i > 0 && isWordPart(s.charAt(i - 1));
  }

  private boolean isWordStart(char c) {
    if (c == '_' || Character.isLetter(c)) {
      return true;
    }
    if (c == '#' && rules.hashIdentifiers()) {
      return true;
    }
    return c > 127 && !isUnicodeSpace(c) && !Character.isDigit(c) && (Character.isLetterOrDigit(c)
        || Character.isSurrogate(c) || Character.getType(c) == Character.OTHER_SYMBOL
        || Character.getType(c) == Character.NON_SPACING_MARK);
  }

  private boolean isWordPart(char c) {
    if (c == '_' || c == '$' || Character.isLetterOrDigit(c)) {
      return true;
    }
    if (c == '#' && (rules.hashIdentifiers() || rules.dialect() == Dialect.ORACLE)) {
      return true;
    }
    if (c == '@' && rules.hashIdentifiers()) {
      return true;
    }
    return c > 127 && !isUnicodeSpace(c) && isWordStart(c);
  }

  private static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0 && c != '\0';
  }

  private int skipLine(int i) {
    int j = i;
    while (j < s.length() && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
      j++;
    }
    return j;
  }

  private int blockComment(int i) {
    if (rules.executableComments()) {
      int j = i + 2;
      boolean exec = false;
      if (at(j) == '!') {
        exec = true;
        j++;
      } else if ((at(j) == 'M' || at(j) == 'm') && at(j + 1) == '!') {
        exec = true;
        j += 2;
      }
      if (exec) {
        // #2: a version number (5 digits in MySQL, 6 in MariaDB) may follow; the rest is code either way
        int digits = 0;
        while (digits < 6 && Character.isDigit(at(j))) {
          j++;
          digits++;
        }
        execDepth++;
        return j;
      }
    }
    int depth = 1;
    int j = i + 2;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '*' && at(j + 1) == '/') {
        depth--;
        j += 2;
        if (depth == 0 || !rules.nestedComments()) {
          return j;
        }
        continue;
      }
      if (c == '/' && at(j + 1) == '*' && rules.nestedComments()) {
        depth++;
        j += 2;
        continue;
      }
      j++;
    }
    return unterminated(i, 2, "comment");
  }

  /**
   * A quoted string or name: {@code open} is where the quote character is, {@code start} where the token starts
   * (before a prefix such as E or N).
   */
  private int quoted(int start, int open, char quote, boolean backslash, Type type, String prefix) {
    StringBuilder v = new StringBuilder();
    int j = open + 1;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (backslash && c == '\\' && j + 1 < s.length()) {
        j = unescape(j, v);
        continue;
      }
      if (c == quote) {
        if (at(j + 1) == quote) {
          v.append(quote);
          j += 2;
          continue;
        }
        add(type, start, j + 1, v.toString(), prefix);
        return j + 1;
      }
      v.append(c);
      j++;
    }
    return unterminated(start, open - start + 1, type == Type.STRING ? "string" : "quoted name");
  }

  /** Decodes one backslash escape at {@code j} (MySQL rules, and PostgreSQL E'' rules). */
  private int unescape(int j, StringBuilder v) {
    char e = s.charAt(j + 1);
    if (rules.dialect() != Dialect.MYSQL) {
      int done = numericEscape(j, e, v);
      if (done > 0) {
        return done;
      }
    }
    switch (e) {
      case 'n':
        v.append('\n');
        return j + 2;
      case 't':
        v.append('\t');
        return j + 2;
      case 'r':
        v.append('\r');
        return j + 2;
      case 'b':
        v.append('\b');
        return j + 2;
      case 'f':
        v.append('\f');
        return j + 2;
      case '0':
        if (rules.dialect() == Dialect.MYSQL) {
          v.append('\0');
          return j + 2;
        }
        break;
      case 'Z':
        if (rules.dialect() == Dialect.MYSQL) {
          v.append((char) 26);
          return j + 2;
        }
        break;
      case '%':
      case '_':
        if (rules.dialect() == Dialect.MYSQL) {
          v.append('\\').append(e);
          return j + 2;
        }
        break;
      default:
        break;
    }
    v.append(e);
    return j + 2;
  }

  /**
   * PostgreSQL's E'' escapes by code: {@code \\o}, {@code \\oo}, {@code \\ooo} (octal), {@code \\xh}, {@code \\xhh},
   * {@code \\uXXXX}, {@code \\UXXXXXXXX}. Decoded, because dynamic SQL such as {@code EXECUTE E'DROP\\x20TABLE t'} is
   * analysed from the decoded text. Returns where lexing goes on, or 0 when this is no such escape.
   */
  private int numericEscape(int j, char e, StringBuilder v) {
    int from;
    int max;
    int radix;
    if (e >= '0' && e <= '7') {
      from = j + 1;
      max = 3;
      radix = 8;
    } else if (e == 'x') {
      from = j + 2;
      max = 2;
      radix = 16;
    } else if (e == 'u' || e == 'U') {
      from = j + 2;
      max = e == 'u' ? 4 : 8;
      radix = 16;
    } else {
      return 0;
    }
    int k = from;
    while (k < s.length() && k - from < max && Character.digit(s.charAt(k), radix) >= 0) {
      k++;
    }
    if (k == from || (radix == 16 && e != 'x' && k - from < max)) {
      return 0;
    }
    int code = Integer.parseInt(s.substring(from, k), radix);
    if (radix == 8) {
      code &= 0xFF;
    }
    if (!Character.isValidCodePoint(code)) {
      return 0;
    }
    v.appendCodePoint(code);
    return k;
  }

  private int bracket(int i) {
    StringBuilder v = new StringBuilder();
    int j = i + 1;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == ']') {
        if (at(j + 1) == ']') {
          v.append(']');
          j += 2;
          continue;
        }
        add(Type.QUOTED_IDENT, i, j + 1, v.toString(), "[");
        return j + 1;
      }
      v.append(c);
      j++;
    }
    return unterminated(i, 1, "bracketed name");
  }

  private int qQuote(int start, int delimAt) {
    char open = s.charAt(delimAt);
    char close;
    switch (open) {
      case '[':
        close = ']';
        break;
      case '{':
        close = '}';
        break;
      case '<':
        close = '>';
        break;
      case '(':
        close = ')';
        break;
      default:
        close = open;
    }
    int j = delimAt + 1;
    while (j + 1 < s.length()) {
      if (s.charAt(j) == close && s.charAt(j + 1) == '\'') {
        add(Type.STRING, start, j + 2, s.substring(delimAt + 1, j), "q");
        return j + 2;
      }
      j++;
    }
    return unterminated(start, delimAt - start + 1, "q-quoted string");
  }

  /** A dollar quote, or a $1 parameter; 0 when neither (the caller lexes on). */
  private int dollar(int i) {
    char d = at(i + 1);
    if (Character.isDigit(d)) {
      int j = i + 1;
      while (Character.isDigit(at(j))) {
        j++;
      }
      add(Type.PARAM, i, j, s.substring(i, j), "");
      return j;
    }
    if (wordBefore(i)) {
      return 0;
    }
    int tagEnd;
    if (d == '$' && (rules.dollarTags() || rules.dollarPlain())) {
      tagEnd = i + 2;
    } else if (rules.dollarTags() && (Character.isLetter(d) || d == '_' || d > 127)) {
      int j = i + 1;
      while (j < s.length() && (Character.isLetterOrDigit(at(j)) || at(j) == '_' || at(j) > 127)) {
        j++;
      }
      if (at(j) != '$') {
        return 0;
      }
      tagEnd = j + 1;
    } else {
      return 0;
    }
    String tag = s.substring(i, tagEnd);
    int close = s.indexOf(tag, tagEnd);
    if (close < 0) {
      return unterminated(i, tag.length(), "dollar-quoted string");
    }
    add(Type.STRING, i, close + tag.length(), s.substring(tagEnd, close), tag);
    return close + tag.length();
  }

  private int number(int i) {
    int j = i;
    if (at(j) == '0' && (at(j + 1) == 'x' || at(j + 1) == 'X' || at(j + 1) == 'b' || at(j + 1) == 'B')) {
      j += 2;
    }
    while (j < s.length()) {
      char c = s.charAt(j);
      if (Character.isLetterOrDigit(c) || c == '_') {
        if ((c == 'e' || c == 'E') && (at(j + 1) == '+' || at(j + 1) == '-') && Character.isDigit(at(j + 2))) {
          j += 3;
          continue;
        }
        j++;
      } else if (c == '.' && at(j + 1) != '.') {
        j++;
      } else {
        break;
      }
    }
    add(Type.NUMBER, i, j, s.substring(i, j), "");
    return j;
  }

  private int variable(int i) {
    int j = i + 1;
    if (at(j) == '@') {
      j++;
    }
    char q = at(j);
    if (q == '\'' || q == '"' || q == '`') {
      int k = s.indexOf(q, j + 1);
      j = k < 0 ? s.length() : k + 1;
    } else {
      while (j < s.length() && (isWordPart(at(j)) || at(j) == '.')) {
        j++;
      }
    }
    add(Type.PARAM, i, j, s.substring(i, j), "");
    return j;
  }

  private int operator(int i) {
    int j = i + 1;
    if (rules.pgOperators()) {
      // PostgreSQL: a run of operator characters, cut before a comment start; a multi-character operator may end
      // in + or - only when it holds one of ~ ! @ # % ^ & | ` ?
      while (j < s.length() && isOperatorChar(s.charAt(j))) {
        if ((s.charAt(j) == '-' && at(j + 1) == '-') || (s.charAt(j) == '/' && at(j + 1) == '*')) {
          break;
        }
        j++;
      }
      String op = s.substring(i, j);
      boolean special = op.chars().anyMatch(ch -> "~!@#%^&|`?".indexOf(ch) >= 0);
      while (!special && op.length() > 1 && (op.endsWith("+") || op.endsWith("-"))) {
        op = op.substring(0, op.length() - 1);
        j--;
      }
    } else {
      String two = s.substring(i, Math.min(s.length(), i + 3));
      for (String op : new String[] {"<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", ":=", "->", "<<", ">>",
          "=>", "::", "!<", "!>"}) {
        if (two.startsWith(op)) {
          j = i + op.length();
          break;
        }
      }
    }
    add(Type.OPERATOR, i, j, s.substring(i, j), "");
    return j;
  }
}
