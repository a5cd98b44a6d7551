package io.dropguard.core.analysis;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * The only class that runs JSqlParser. Parsing never throws and never hangs: the text is bounded in length and
 * nesting, short simple statements are parsed on the caller's thread (no executor hop, tens of microseconds),
 * and longer or deeply nested ones on one shared pool of daemon threads with a timeout, after which the parse
 * is interrupted and reported as a problem.
 *
 * <p>{@code CCJSqlParserUtil.parse(String)} is never used: it starts a thread per call (about 300 us) and can
 * leave a non-daemon thread behind that keeps a script's JVM alive.
 */
final class SqlParser {
  /** What a parse gave: a statement, or the problem in words. Exactly one is non-null. */
  record Result(Statement statement, String problem) {
    boolean parsed() {
      return statement != null;
    }
  }

  /** Statements longer than this are not parsed at all (fail closed: the caller reports them unparseable). */
  static final int MAX_LENGTH = 200_000;

  /** Up to this length and nesting depth the parse runs on the caller's thread. */
  static final int INLINE_LENGTH = 4_000;

  static final int INLINE_DEPTH = 6;

  /** Deeper nesting than this is refused: JSqlParser's lookahead grows steeply with parentheses. */
  static final int MAX_DEPTH = 60;

  static final long TIMEOUT_MILLIS = 2_000;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /*
   * At most two slow parses run at once (the machine may have two cores); a third waits for nobody: it is
   * rejected and reported as a problem, so a flood of pathological statements cannot queue up without bound.
   */
  private static final ThreadPoolExecutor SLOW =
      new ThreadPoolExecutor(
          0,
          2,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "dropguard-sql-parser-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private SqlParser() {}

  static Result parse(String sql, Dialect dialect) {
    if (sql == null || sql.isBlank()) {
      return new Result(null, "empty statement");
    }
    if (sql.length() > MAX_LENGTH) {
      return new Result(null, "statement too long to analyse (" + sql.length() + " characters)");
    }
    int depth = nestingDepth(sql);
    if (depth > MAX_DEPTH) {
      return new Result(null, "parentheses nested too deeply to analyse (" + depth + " levels)");
    }
    if (sql.length() <= INLINE_LENGTH && depth <= INLINE_DEPTH) {
      return parseHere(sql, dialect);
    }
    return parseBounded(sql, dialect);
  }

  private static Result parseHere(String sql, Dialect dialect) {
    return parseHere(sql, dialect, null);
  }

  private static Result parseBounded(String sql, Dialect dialect) {
    CCJSqlParser[] current = new CCJSqlParser[1];
    Callable<Result> task = () -> parseHere(sql, dialect, current);
    Future<Result> future;
    try {
      future = SLOW.submit(task);
    } catch (RejectedExecutionException e) {
      return new Result(null, "too many long statements are being analysed at once");
    }
    try {
      return future.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      CCJSqlParser p = current[0];
      if (p != null) {
        p.interrupted = true;
      }
      future.cancel(true);
      return new Result(null, "the SQL parser took longer than " + TIMEOUT_MILLIS + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return new Result(null, "interrupted while parsing");
    } catch (ExecutionException e) {
      return new Result(null, "the SQL parser failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private static Result parseHere(String sql, Dialect dialect, CCJSqlParser[] current) {
    try {
      Statement s = attempt(sql, dialect, false, current);
      if (s == null && !Thread.currentThread().isInterrupted()) {
        s = attempt(sql, dialect, true, current);
      }
      return s == null ? new Result(null, "the SQL parser could not read it") : new Result(s, null);
    } catch (StackOverflowError e) {
      return new Result(null, "statement nested too deeply to analyse");
    } catch (RuntimeException | LinkageError e) {
      return new Result(null, "the SQL parser failed: " + e.getClass().getSimpleName());
    }
  }

  /** One parse; null when JSqlParser cannot read the text (or did not consume all of it). */
  private static Statement attempt(String sql, Dialect dialect, boolean complex, CCJSqlParser[] current) {
    CCJSqlParser p = new CCJSqlParser(new StringProvider(sql));
    p.withAllowComplexParsing(complex).withUnsupportedStatements(false);
    if (dialect == Dialect.SQLSERVER) {
      p.withSquareBracketQuotation(true);
    }
    if (current != null) {
      current[0] = p;
    }
    try {
      Statement s = p.Statement();
      if (s == null || p.interrupted) {
        return null;
      }
      return s;
    } catch (net.sf.jsqlparser.parser.ParseException e) {
      return null;
    } catch (net.sf.jsqlparser.parser.TokenMgrException e) {
      return null;
    }
  }

  /** Deepest parenthesis nesting outside string literals and quoted identifiers of the rendered text. */
  static int nestingDepth(String sql) {
    int depth = 0;
    int max = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '[') {
        max = Math.max(max, ++depth);
      } else if (c == ')' || c == ']') {
        depth--;
      }
    }
    return max;
  }
}
