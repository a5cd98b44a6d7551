package io.dropguard.core.confirm;

import io.dropguard.core.analysis.Dialect;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a token given as a leading comment, {@code /* dropguard:confirm=K7M2-9QX4 *}{@code /}: only among the
 * comments before the statement's first token (a comment further in could come from data pasted into the
 * statement), with any case and spacing.
 */
final class LeadingComment {
  private static final Pattern CONFIRM =
      Pattern.compile("\\s*dropguard\\s*:\\s*confirm\\s*[=:]\\s*([A-Za-z0-9][A-Za-z0-9 -]*?)\\s*", Pattern.CASE_INSENSITIVE);

  private LeadingComment() {}

  /** The token text in a leading {@code dropguard:confirm} comment (possibly malformed), or null when none. */
  static String token(String sql, Dialect dialect) {
    if (sql == null) {
      return null;
    }
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("/*", i)) {
        if (sql.startsWith("/*!", i) && (dialect == Dialect.MYSQL || dialect == Dialect.GENERIC)) {
          return null; // MySQL runs an executable comment: it is the statement's text, not a comment
        }
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          return null;
        }
        Matcher m = CONFIRM.matcher(sql.substring(i + 2, end));
        if (m.matches()) {
          return m.group(1);
        }
        i = end + 2;
      } else if (sql.startsWith("--", i) || (c == '#' && dialect == Dialect.MYSQL)) {
        int eol = sql.indexOf('\n', i);
        if (eol < 0) {
          return null;
        }
        i = eol + 1;
      } else {
        return null;
      }
    }
    return null;
  }
}
