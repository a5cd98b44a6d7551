package io.dropguard.core.confirm;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Row counts for the terminal prompt ({@link ConfirmRequest#rowCounts()}), only where they are cheap: the
 * planner's estimate on PostgreSQL ({@code pg_class.reltuples}) and MySQL/MariaDB
 * ({@code information_schema.TABLES.TABLE_ROWS}), an exact {@code COUNT(*)} on H2 (which keeps it). Elsewhere, and
 * on any error, the count is unknown (null), never a reason to change the decision.
 *
 * <p>The queries are read-only and cannot fail in a way that aborts the caller's transaction on PostgreSQL
 * ({@code to_regclass} gives null for a name it does not know).
 */
public final class RowCounts {
  private static final int TIMEOUT_SECONDS = 2;

  private RowCounts() {}

  /** The cheap row counts of {@code connection}'s tables, or null when its dialect has none. */
  public static Function<ObjectName, Long> cheap(Connection connection, Dialect dialect) {
    if (connection == null || dialect == null) {
      return null;
    }
    switch (dialect) {
      case POSTGRES:
        return t -> single(connection, "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = to_regclass(?)",
            quoted(t, '"'));
      case MYSQL:
        return t -> single(connection, "SELECT TABLE_ROWS FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?", t.schema(), t.name());
      case H2:
        return t -> single(connection, "SELECT COUNT(*) FROM " + quoted(t, '"'));
      default:
        return null;
    }
  }

  private static String quoted(ObjectName t, char q) {
    StringBuilder b = new StringBuilder();
    for (String p : t.parts()) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(q).append(p.replace(String.valueOf(q), String.valueOf(q) + q)).append(q);
    }
    return b.toString();
  }

  private static Long single(Connection c, String sql, String... params) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(TIMEOUT_SECONDS);
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long n = rs.getLong(1);
          return rs.wasNull() || n < 0 ? null : n; // PostgreSQL says -1 for a table never analysed
        }
        return null;
      }
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }
}
