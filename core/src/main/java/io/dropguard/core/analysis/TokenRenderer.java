package io.dropguard.core.analysis;

import java.util.List;

/** Writes tokens back as text: the normalised form a confirmation binds to, and the code text DML parsing reads. */
final class TokenRenderer {
  private TokenRenderer() {}

  /**
   * Tokens joined by single spaces; comments are already gone (executable comments' content is in the tokens),
   * unquoted words folded as the dialect folds them, literals and quoted names exactly as written.
   */
  static String normalized(List<Token> tokens, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t.type() == Token.Type.WORD ? t.value() : t.text());
    }
    return b.toString();
  }

  /**
   * The statement as its database reads it, in a form a generic SQL parser reads without dialect options: string
   * literals as '...' with '' doubling (no backslash escapes), quoted names in double quotes (MySQL keeps its
   * backticks), tokens separated by single spaces so that MySQL's {@code 0 --1} stays {@code 0 - - 1}.
   */
  static String code(List<Token> tokens, int from, int to, Dialect dialect) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (b.length() > 0) {
        b.append(' ');
      }
      switch (t.type()) {
        case STRING:
          appendString(b, t);
          break;
        case QUOTED_IDENT:
          if (dialect == Dialect.MYSQL) {
            b.append('`').append(t.value().replace("`", "``")).append('`');
          } else {
            b.append('"').append(t.value().replace("\"", "\"\"")).append('"');
          }
          break;
        case OPERATOR:
          // MySQL's || and && are logical OR and AND (unless sql_mode PIPES_AS_CONCAT): WHERE id = 1 || 1 deletes
          // every row, while the parser would read a concatenation compared with id
          if (dialect == Dialect.MYSQL && (t.text().equals("||") || t.text().equals("&&"))) {
            b.append(t.text().equals("||") ? "OR" : "AND");
            break;
          }
          b.append(t.text());
          break;
        default:
          b.append(t.text());
      }
    }
    return b.toString();
  }

  private static void appendString(StringBuilder b, Token t) {
    String p = t.prefix();
    if (p.equals("X") || p.equals("B")) {
      b.append(p).append('\'').append(t.value()).append('\'');
      return;
    }
    if (p.equals("U&")) {
      b.append(t.text());
      return;
    }
    if (p.equals("N")) {
      b.append('N');
    }
    b.append('\'').append(t.value().replace("'", "''")).append('\'');
  }
}
