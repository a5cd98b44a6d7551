package io.dropguard.core.analysis;

import io.dropguard.core.analysis.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the tokens of a SQL string into statements on top-level semicolons: not inside parentheses, nor inside
 * PostgreSQL {@code BEGIN ATOMIC ... END}, MySQL compound bodies of {@code CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT},
 * Oracle PL/SQL blocks (which run to a line holding only {@code /}) or SQL Server module definitions. SQL Server's
 * {@code GO} lines separate batches too. Quotes and comments are already single tokens or gone.
 */
final class StatementSplitter {
  /** One statement: its tokens (no separator) and the range of source text it came from. */
  record Part(int start, int end, List<Token> tokens) {
    String text(String sql) {
      return sql.substring(start, end).strip();
    }
  }

  private StatementSplitter() {}

  static List<Part> split(String sql, List<Token> tokens, LexRules rules) {
    List<Part> parts = new ArrayList<>();
    Dialect d = rules.dialect();
    int i = 0;
    int textStart = 0;
    int n = tokens.size();
    while (i < n) {
      int first = i;
      BlockStyle style = blockStyle(tokens, first, d);
      int depth = 0;
      int blockDepth = 0;
      int j = first;
      int sepStart = -1;
      int sepEnd = -1;
      while (j < n) {
        Token t = tokens.get(j);
        if (style == BlockStyle.TO_SLASH_LINE) {
          if (t.type() == Type.OPERATOR && t.text().equals("/") && aloneOnLine(sql, t)) {
            sepStart = t.start();
            sepEnd = t.end();
            break;
          }
          j++;
          continue;
        }
        if (style == BlockStyle.TO_BATCH_END) {
          if (isGoLine(sql, t)) {
            sepStart = t.start();
            sepEnd = goEnd(tokens, j, sql);
            break;
          }
          j++;
          continue;
        }
        if (t.type() == Type.LPAREN) {
          depth++;
        } else if (t.type() == Type.RPAREN) {
          depth = Math.max(0, depth - 1);
        } else if (t.type() == Type.WORD && style != BlockStyle.NONE) {
          String k = t.keyword();
          if (k.equals("BEGIN") && (style == BlockStyle.COMPOUND || next(tokens, j).equals("ATOMIC"))) {
            blockDepth++;
          } else if (k.equals("CASE") && blockDepth > 0) {
            blockDepth++;
          } else if (k.equals("END") && blockDepth > 0) {
            String after = next(tokens, j);
            if (!(after.equals("IF") || after.equals("LOOP") || after.equals("WHILE") || after.equals("REPEAT"))) {
              blockDepth--;
            }
          }
        } else if (t.type() == Type.SEMICOLON && depth == 0 && blockDepth == 0) {
          sepStart = t.start();
          sepEnd = t.end();
          break;
        }
        if (d == Dialect.SQLSERVER && isGoLine(sql, t)) {
          sepStart = t.start();
          sepEnd = goEnd(tokens, j, sql);
          break;
        }
        j++;
      }
      int endTok = j;
      int textEnd = sepStart >= 0 ? sepStart : sql.length();
      if (endTok > first) {
        parts.add(new Part(textStart, textEnd, List.copyOf(tokens.subList(first, endTok))));
      }
      if (sepStart < 0) {
        break;
      }
      textStart = sepEnd;
      // skip the separator token(s)
      i = endTok;
      while (i < n && tokens.get(i).start() < sepEnd) {
        i++;
      }
    }
    return parts;
  }

  enum BlockStyle {
    NONE,
    /** PostgreSQL SQL-standard bodies: BEGIN ATOMIC ... END */
    ATOMIC,
    /** MySQL stored programs: BEGIN ... END, CASE ... END, but END IF / END LOOP close nothing counted */
    COMPOUND,
    /** Oracle PL/SQL: up to a line holding only a slash */
    TO_SLASH_LINE,
    /** SQL Server module definitions: the rest of the batch */
    TO_BATCH_END
  }

  private static BlockStyle blockStyle(List<Token> tokens, int first, Dialect d) {
    int i = first;
    String head = kw(tokens, i);
    if (d == Dialect.ORACLE && (head.equals("BEGIN") || head.equals("DECLARE"))) {
      return BlockStyle.TO_SLASH_LINE;
    }
    if (!head.equals("CREATE") && !(d == Dialect.SQLSERVER && head.equals("ALTER"))) {
      return d == Dialect.POSTGRES || d == Dialect.GENERIC ? BlockStyle.ATOMIC : BlockStyle.NONE;
    }
    // CREATE [OR REPLACE|OR ALTER] [DEFINER = x] [EDITIONABLE] <module>
    int limit = Math.min(tokens.size(), first + 12);
    for (i = first + 1; i < limit; i++) {
      String k = kw(tokens, i);
      switch (k) {
        case "PROCEDURE":
        case "PROC":
        case "FUNCTION":
        case "TRIGGER":
        case "EVENT":
        case "PACKAGE":
        case "TYPE":
          if (d == Dialect.ORACLE) {
            return BlockStyle.TO_SLASH_LINE;
          }
          if (d == Dialect.SQLSERVER) {
            return k.equals("TYPE") ? BlockStyle.NONE : BlockStyle.TO_BATCH_END;
          }
          if (d == Dialect.MYSQL || d == Dialect.GENERIC) {
            return k.equals("TYPE") || k.equals("PACKAGE") ? BlockStyle.ATOMIC : BlockStyle.COMPOUND;
          }
          return BlockStyle.ATOMIC;
        case "VIEW":
          return d == Dialect.SQLSERVER ? BlockStyle.TO_BATCH_END : BlockStyle.NONE;
        case "TABLE":
        case "INDEX":
        case "SCHEMA":
        case "SEQUENCE":
          return BlockStyle.NONE;
        default:
          break;
      }
    }
    return d == Dialect.POSTGRES || d == Dialect.GENERIC ? BlockStyle.ATOMIC : BlockStyle.NONE;
  }

  private static String kw(List<Token> tokens, int i) {
    return i < tokens.size() ? tokens.get(i).keyword() : "";
  }

  private static String next(List<Token> tokens, int i) {
    return kw(tokens, i + 1);
  }

  private static boolean aloneOnLine(String sql, Token t) {
    return blankTo(sql, t.start() - 1, -1) && blankTo(sql, t.end(), 1);
  }

  /** Whether only blanks lie between {@code from} and the line end in direction {@code step}. */
  private static boolean blankTo(String sql, int from, int step) {
    for (int k = from; k >= 0 && k < sql.length(); k += step) {
      char c = sql.charAt(k);
      if (c == '\n' || c == '\r') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean isGoLine(String sql, Token t) {
    if (!t.is("GO") || !blankTo(sql, t.start() - 1, -1)) {
      return false;
    }
    int k = t.end();
    while (k < sql.length() && (sql.charAt(k) == ' ' || sql.charAt(k) == '\t' || Character.isDigit(sql.charAt(k)))) {
      k++;
    }
    return k >= sql.length() || sql.charAt(k) == '\n' || sql.charAt(k) == '\r';
  }

  private static int goEnd(List<Token> tokens, int j, String sql) {
    Token go = tokens.get(j);
    if (j + 1 < tokens.size() && tokens.get(j + 1).type() == Type.NUMBER && blankTo(sql, tokens.get(j + 1).end(), 1)
        && !sql.substring(go.end(), tokens.get(j + 1).start()).contains("\n")) {
      return tokens.get(j + 1).end();
    }
    return go.end();
  }
}
