package io.dropguard.core.analysis;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * One pass over the characters of a SQL string that recognises, without tokens, parse or allocation, the most
 * common harmless text: a single SELECT, INSERT, VALUES or SHOW statement that holds none of
 * {@link KindClassifier#DANGER_WORDS} (the lexical fast path of {@link KindClassifier#harmlessByWords}), or a single
 * DELETE or UPDATE of the simple scoped shape {@link DmlFastPath} recognises, or a CREATE TABLE, INDEX or SEQUENCE
 * without any of those words ({@code CREATE OR REPLACE}, {@code ON COMMIT DELETE ROWS} go the whole way). Both are restricted to text that every
 * dialect reads the same way, so a {@code true} needs no further analysis; anything unusual answers {@code false}
 * and the text goes the whole way.
 *
 * <p>Text that every dialect reads alike, here: ASCII only (no Unicode white space or letters); no comment
 * openers ({@code --}, {@code /*}, {@code #}, {@code //}); no backslash, dollar sign, backtick, bracket or brace
 * (escapes, dollar quotes, MySQL and SQL Server names, JDBC escapes), no {@code @} or {@code #} (word characters
 * in some dialects); no semicolon (one statement); only white space and parentheses before the first word; every
 * quote ({@code '} or {@code "}) closed, with doubling as its only escape and no letter, digit or {@code &} right
 * before it (no {@code E''}, {@code N''}, {@code q''}, {@code U&''} prefixes); a word that starts with a digit
 * holds no letter ({@code 1e5}, {@code 0x1F}, MySQL's {@code 1drop} go the whole way). In such text each
 * dialect's lexer yields exactly the words this scan sees, and no word inside a quote; the property and corpus
 * tests hold the scan to the full analysis.
 */
final class HarmlessScan {
  /** Beyond this length the full analysis (and its cache) decides; the scan's cost is linear anyway. */
  static final int MAX_CHARS = 1 << 16;
  private static final int MAX_PACKED = 10;
  private static final long DELETE = pack("DELETE");
  private static final long UPDATE = pack("UPDATE");
  /** The first words of a statement that the scan decides, packed and sorted. */
  private static final long[] HEADS = packAll(List.of("SELECT", "INSERT", "VALUES", "SHOW"));
  private static final long CREATE = pack("CREATE");
  /** What a CREATE decided here makes: objects that hold or index rows and destroy none by being created. */
  private static final long[] CREATED = packAll(List.of("TABLE", "INDEX", "SEQUENCE"));
  /** Words allowed between CREATE and {@link #CREATED}. */
  private static final long[] CREATE_MODIFIERS =
      packAll(List.of("UNIQUE", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL", "UNLOGGED", "CACHED", "MEMORY"));
  /** {@link KindClassifier#DANGER_WORDS}, packed and sorted. */
  private static final long[] DANGER = packAll(KindClassifier.DANGER_WORDS);

  private HarmlessScan() {}

  /** Whether {@code sql} is certainly harmless: true only when the full analysis would find nothing. */
  static boolean harmless(String sql) {
    int n = sql.length();
    if (n == 0 || n > MAX_CHARS) {
      return false;
    }
    boolean headSeen = false;
    boolean dml = false;
    boolean parenBeforeHead = false;
    // 1 after CREATE until the kind of object is read (only a table, index or sequence is decided here), else 0
    int create = 0;
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (isWordChar(c)) {
        // the word packed six bits a character (a word of up to ten characters), compared as one long
        int start = i;
        long key = 0;
        while (i < n && isWordChar(sql.charAt(i))) {
          key = key << 6 | code(sql.charAt(i));
          i++;
        }
        if (i - start > MAX_PACKED) {
          key = -1;
        }
        if (!headSeen) {
          dml = key == DELETE || key == UPDATE;
          if (key == CREATE && !parenBeforeHead) {
            create = 1;
          } else if (!dml && Arrays.binarySearch(HEADS, key) < 0) {
            return false;
          }
          headSeen = true;
        } else if (create == 1) {
          if (Arrays.binarySearch(CREATED, key) >= 0) {
            create = 0;
          } else if (Arrays.binarySearch(CREATE_MODIFIERS, key) < 0) {
            return false;
          }
        } else if (c >= '0' && c <= '9') {
          if (hasLetter(sql, start, i)) {
            return false;
          }
        } else if (!dml && Arrays.binarySearch(DANGER, key) >= 0) {
          return false;
        }
        continue;
      }
      if (create == 1 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
      switch (c) {
        case ' ', '\t', '\n', '\r' -> i++;
        case '(' -> {
          parenBeforeHead |= !headSeen;
          i++;
        }
        case ')', ',', '.', '=', '<', '>', '+', '*', '%', '?', ':', '!', '|', '^', '~' -> {
          if (!headSeen) {
            return false; // only white space and parentheses before the first word, as harmlessByWords requires
          }
          i++;
        }
        case '-' -> {
          if (!headSeen || (i + 1 < n && sql.charAt(i + 1) == '-')) {
            return false;
          }
          i++;
        }
        case '/' -> {
          if (!headSeen || (i + 1 < n && (sql.charAt(i + 1) == '*' || sql.charAt(i + 1) == '/'))) {
            return false;
          }
          i++;
        }
        case '\'', '"' -> {
          if (!headSeen || (i > 0 && (isWordChar(sql.charAt(i - 1)) || sql.charAt(i - 1) == '&'))) {
            return false;
          }
          i = closingQuote(sql, i + 1, c);
          if (i < 0) {
            return false;
          }
        }
        default -> {
          // a comment, escape, dollar quote, bracket, brace, backtick, semicolon, @ or # (word characters in some
          // dialects), control or non-ASCII character
          return false;
        }
      }
    }
    // DmlFastPath reads one statement of its narrow grammar to the end: no room for another one
    return headSeen && create == 0 && (!dml || DmlFastPath.scoped(sql));
  }

  /** The index after the quote that closes one opened before {@code from}, or -1 (unterminated, or a backslash). */
  private static int closingQuote(String sql, int from, char quote) {
    int n = sql.length();
    int i = from;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' || c > 127 || (c < 32 && c != ' ' && c != '\t' && c != '\n' && c != '\r')) {
        // backslash escapes differ by dialect and by server mode; the rest is left to the full analysis
        return -1;
      }
      i++;
    }
    return -1;
  }

  /** 1-26 for a letter of either case, 27-36 for a digit, 37 for the underscore. */
  private static int code(char c) {
    if (c >= 'a') {
      return c - 'a' + 1;
    }
    if (c >= 'A') {
      return c == '_' ? 37 : c - 'A' + 1;
    }
    return c - '0' + 27;
  }

  private static long pack(String word) {
    long key = 0;
    for (int i = 0; i < word.length(); i++) {
      key = key << 6 | code(word.charAt(i));
    }
    return word.length() > MAX_PACKED ? -1 : key;
  }

  private static long[] packAll(Collection<String> words) {
    long[] keys = words.stream().mapToLong(HarmlessScan::pack).toArray();
    Arrays.sort(keys);
    return keys;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean hasLetter(String sql, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = sql.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        return true;
      }
    }
    return false;
  }
}
