package io.dropguard.core.identity;

import io.dropguard.core.analysis.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and writes a database's identity marker ({@code dropguard mark --as production}) with plain JDBC.
 *
 * <p>The marker lives in the database itself, in a one-row table {@code dropguard_identity} of the connection's
 * default schema (PostgreSQL: the first schema of the search path, usually {@code public}; MySQL/MariaDB: the
 * connection's database; H2: {@code PUBLIC}). {@code mark} grants SELECT on it to {@code PUBLIC} where the engine
 * has that role, so that every user of the database can read it. A table, rather than a database comment, because
 * every engine has one, a plain SELECT reads it, and its privileges are the engine's ordinary ones.
 */
public final class MarkerStore {
  /** The marker table's name (unquoted, so each engine folds it as it folds any name). */
  public static final String TABLE = "dropguard_identity";

  private static final Pattern VALID_MARKER = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final String SELECT = "select marker from " + TABLE + " where id = 1";

  private final Dialect dialect;

  private MarkerStore(Dialect dialect) {
    this.dialect = dialect;
  }

  public static MarkerStore forDialect(Dialect dialect) {
    return new MarkerStore(dialect);
  }

  /** What reading the marker found. */
  public enum Status {
    MARKED,
    NOT_MARKED,
    /** The table is there but could not be read (permissions, say): {@code problem} says why. */
    UNREADABLE
  }

  /**
   * @param status what was found
   * @param marker the marker when {@code MARKED}, else null
   * @param problem why it could not be read when {@code UNREADABLE}, else null
   */
  public record Reading(Status status, String marker, String problem) {
    static Reading marked(String marker) {
      return new Reading(Status.MARKED, marker, null);
    }

    static Reading notMarked() {
      return new Reading(Status.NOT_MARKED, null, null);
    }

    static Reading unreadable(String problem) {
      return new Reading(Status.UNREADABLE, null, problem);
    }
  }

  /** Whether {@code marker} may be stored: 1 to 100 of letters, digits and {@code _ . : -}. */
  public static boolean isValidMarker(String marker) {
    return marker != null && VALID_MARKER.matcher(marker).matches();
  }

  /**
   * Reads the marker. Never throws, and never leaves the connection's transaction changed: on PostgreSQL, where any
   * failing statement aborts the open transaction, it asks {@code to_regclass} and {@code has_table_privilege}
   * first (which do not fail) and reads inside a savepoint when a transaction may be open.
   *
   * @param fresh true when the connection was just opened and nobody has used it yet; its implicit transaction
   *     (autocommit off) is then rolled back after the read, so that the program starts with none open
   */
  public Reading read(Connection connection, boolean fresh) {
    try {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit || fresh || !abortsOnError()) {
        try {
          return readPlain(connection);
        } finally {
          if (!autoCommit && fresh) {
            connection.rollback();
          }
        }
      }
      Savepoint savepoint = connection.setSavepoint();
      try {
        Reading reading = readPlain(connection);
        connection.releaseSavepoint(savepoint);
        return reading;
      } catch (SQLException | RuntimeException e) {
        connection.rollback(savepoint);
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      return Reading.unreadable(describe(e));
    }
  }

  private boolean abortsOnError() {
    return dialect == Dialect.POSTGRES || dialect == Dialect.GENERIC;
  }

  private Reading readPlain(Connection connection) throws SQLException {
    if (dialect == Dialect.POSTGRES) {
      return readPostgres(connection);
    }
    if (dialect == Dialect.GENERIC && !tableListed(connection)) {
      return Reading.notMarked();
    }
    try {
      return select(connection);
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        return Reading.notMarked();
      }
      return Reading.unreadable(describe(e));
    }
  }

  private static Reading readPostgres(Connection connection) throws SQLException {
    String probe =
        "select case when r is null then 0 when has_table_privilege(r, 'SELECT') then 1 else 2 end"
            + " from (select to_regclass('" + TABLE + "') as r) p";
    int state;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(probe)) {
      rs.next();
      state = rs.getInt(1);
    }
    if (state == 0) {
      return Reading.notMarked();
    }
    if (state == 2) {
      return Reading.unreadable(
          "user " + connection.getMetaData().getUserName() + " has no SELECT privilege on " + TABLE);
    }
    return select(connection);
  }

  private static Reading select(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(SELECT)) {
      if (!rs.next()) {
        return Reading.notMarked();
      }
      String marker = rs.getString(1);
      return marker == null || marker.isBlank() ? Reading.notMarked() : Reading.marked(marker.strip());
    }
  }

  private static boolean tableListed(Connection connection) throws SQLException {
    for (String name : new String[] {TABLE, TABLE.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = connection.getMetaData().getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMissingTable(SQLException e) {
    // 42S02: table not found (MySQL/MariaDB 1146, H2 42102/42103); H2 says 42S04 (42104) in an empty database;
    // 42P01: PostgreSQL's undefined_table.
    String state = e.getSQLState();
    int code = e.getErrorCode();
    return "42S02".equals(state) || "42S04".equals(state) || "42P01".equals(state) || code == 1146
        || (code >= 42102 && code <= 42104);
  }

  private static String describe(Exception e) {
    String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
    return (state == null ? "" : "SQLState " + state + ": ") + e.getMessage();
  }

  /**
   * Stores {@code marker} (creating the table when needed, replacing any earlier marker) and grants SELECT on it
   * to {@code PUBLIC} where the engine allows it. Uses only statements that any DropGuard policy admits (a
   * CREATE TABLE, an UPDATE or INSERT of the one row by its key), so that {@code mark} works under the agent too.
   *
   * @return where the marker was stored, and what still needs doing for other users to read it (or null)
   * @throws SQLException when the marker could not be stored
   * @throws IllegalArgumentException when {@code marker} is not {@link #isValidMarker valid}
   */
  public Written write(Connection connection, String marker, String markedBy) throws SQLException {
    if (!isValidMarker(marker)) {
      throw new IllegalArgumentException(
          "marker '" + marker + "' is not valid: use 1 to 100 letters, digits, '_', '.', ':' or '-'");
    }
    String now = Instant.now().toString();
    try (Statement st = connection.createStatement()) {
      st.execute(
          "create table if not exists " + TABLE
              + " (id integer not null primary key, marker varchar(100) not null,"
              + " marked_at varchar(40) not null, marked_by varchar(200))");
    }
    int updated;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "update " + TABLE + " set marker = ?, marked_at = ?, marked_by = ? where id = 1")) {
      ps.setString(1, marker);
      ps.setString(2, now);
      ps.setString(3, markedBy);
      updated = ps.executeUpdate();
    }
    if (updated == 0) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "insert into " + TABLE + " (id, marker, marked_at, marked_by) values (1, ?, ?, ?)")) {
        ps.setString(1, marker);
        ps.setString(2, now);
        ps.setString(3, markedBy);
        ps.executeUpdate();
      }
    }
    String grantProblem = grantToPublic(connection);
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
    return new Written(location(connection), grantProblem);
  }

  /**
   * @param location the schema or database that holds the table, e.g. {@code public.dropguard_identity}
   * @param grantProblem null when every user can read it; else what the administrator still has to grant
   */
  public record Written(String location, String grantProblem) {}

  private String grantToPublic(Connection connection) {
    try (Statement st = connection.createStatement()) {
      if (dialect == Dialect.POSTGRES && !connection.getAutoCommit()) {
        // A failed GRANT would abort the transaction that holds the marker; a savepoint keeps it.
        Savepoint sp = connection.setSavepoint();
        try {
          st.execute("grant select on " + TABLE + " to public");
          connection.releaseSavepoint(sp);
        } catch (SQLException e) {
          connection.rollback(sp);
          throw e;
        }
      } else {
        st.execute("grant select on " + TABLE + " to public");
      }
      return null;
    } catch (SQLException e) {
      return "could not grant SELECT on " + TABLE + " to PUBLIC (" + e.getMessage().strip()
          + "); grant SELECT on it to every user that connects through DropGuard";
    }
  }

  private static String location(Connection connection) {
    String container = null;
    try {
      container = connection.getSchema();
    } catch (SQLException | AbstractMethodError e) {
      // older drivers: fall through to the catalog
    }
    try {
      if (container == null) {
        container = connection.getCatalog();
      }
    } catch (SQLException e) {
      // unknown container; the table name alone still says what to look for
    }
    return container == null ? TABLE : container + "." + TABLE;
  }
}
