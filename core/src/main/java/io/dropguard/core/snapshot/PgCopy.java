package io.dropguard.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * [#5] PostgreSQL's fast path: COPY through the driver's CopyManager. The only class that names the PostgreSQL
 * driver (an optional dependency of core); callers ask {@link #usable(Connection)} first, which is false when the
 * driver is not on DropGuard's class path.
 */
final class PgCopy {
  private PgCopy() {}

  static boolean usable(Connection c) {
    try {
      return Holder.probe(c);
    } catch (LinkageError | SQLException e) {
      return false;
    }
  }

  /** Kept apart so that {@link #usable} can catch the linkage error of a missing driver. */
  private static final class Holder {
    static boolean probe(Connection c) throws SQLException {
      return c.isWrapperFor(PGConnection.class);
    }
  }

  private static CopyManager manager(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  /** Runs {@code COPY ... TO STDOUT} and writes its text to {@code out}; returns the rows copied. */
  static long copyOut(Connection c, String sql, OutputStream out) throws SQLException, IOException {
    CopyOut copy = manager(c).copyOut(sql);
    try {
      byte[] buf;
      while ((buf = copy.readFromCopy()) != null) {
        out.write(buf);
      }
      return copy.getHandledRowCount();
    } catch (IOException | RuntimeException e) {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
      throw e;
    }
  }

  /** Runs {@code COPY ... FROM STDIN} with the text of {@code in}; returns the rows copied. */
  static long copyIn(Connection c, String sql, InputStream in) throws SQLException, IOException {
    return manager(c).copyIn(sql, in, 1 << 16);
  }

  /** Streams {@code COPY ... TO STDOUT} on one connection into {@code COPY ... FROM STDIN} on another. */
  static long pipe(Connection from, String outSql, Connection to, String inSql, DurableFile.Budget budget)
      throws SQLException, IOException {
    CopyOut out = manager(from).copyOut(outSql);
    CopyIn in = manager(to).copyIn(inSql);
    try {
      byte[] buf;
      while ((buf = out.readFromCopy()) != null) {
        budget.use(buf.length);
        in.writeToCopy(buf, 0, buf.length);
      }
      in.endCopy();
      return out.getHandledRowCount();
    } catch (IOException | SQLException | RuntimeException e) {
      if (out.isActive()) {
        out.cancelCopy();
      }
      if (in.isActive()) {
        in.cancelCopy();
      }
      throw e;
    }
  }
}
