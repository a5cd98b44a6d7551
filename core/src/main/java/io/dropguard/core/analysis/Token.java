package io.dropguard.core.analysis;

import java.util.Locale;

/**
 * One lexical token of a statement, as the database's own lexer would cut it.
 *
 * @param type what it is
 * @param text the exact source text (for a token from a MySQL executable comment, the text inside the comment)
 * @param value strings: the decoded content; quoted identifiers: the name exactly; words: the name folded as the
 *     dialect folds unquoted identifiers; anything else: the text
 * @param start offset of the first character in the analysed string
 * @param end offset after the last character
 * @param prefix for strings: the prefix that changes the lexing ({@code E}, {@code N}, {@code X}, {@code B},
 *     {@code U&}, {@code $tag$}, {@code q}, {@code "} for a MySQL double-quoted string), otherwise empty
 * @param keyword the keyword this token spells, upper case, or empty when it is not an unquoted word (computed
 *     once here: the classifier asks for it many times per token)
 */
record Token(Type type, String text, String value, int start, int end, String prefix, String keyword) {
  Token(Type type, String text, String value, int start, int end, String prefix) {
    this(type, text, value, start, end, prefix, keywordOf(type, text, value));
  }

  private static String keywordOf(Type type, String text, String value) {
    if (type != Type.WORD) {
      return "";
    }
    // where the dialect folds to upper case (H2, Oracle) the value of an ASCII word already is its keyword
    return asciiUpper(value) && value.equalsIgnoreCase(text) ? value : text.toUpperCase(Locale.ROOT);
  }

  private static boolean asciiUpper(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 127 || (c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }

  enum Type {
    /** An unquoted keyword or identifier. */
    WORD,
    QUOTED_IDENT,
    STRING,
    NUMBER,
    /** {@code ?}, {@code $1}, {@code :name}, {@code @var}. */
    PARAM,
    OPERATOR,
    LPAREN,
    RPAREN,
    COMMA,
    SEMICOLON,
    DOT,
    /** Braces and brackets used as punctuation, and anything else. */
    OTHER,
    /** The opening of a string, quoted name or comment that never ends; lexing goes on after it. */
    UNTERMINATED
  }

  boolean is(String keyword) {
    return type == Type.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean isName() {
    return type == Type.WORD || type == Type.QUOTED_IDENT;
  }
}
