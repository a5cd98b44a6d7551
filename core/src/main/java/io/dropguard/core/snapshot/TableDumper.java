package io.dropguard.core.snapshot;

import io.dropguard.core.snapshot.TableDef.ColumnDef;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/** Reads one table's rows from the user's connection into a row file. */
final class TableDumper {
  /** [#5] Test hook for the fault test (a child JVM killed mid-snapshot): a pause after each row. */
  static final String PAUSE_PROPERTY = "dropguard.snapshot.test.pauseMillisPerRow";

  static final String FORMAT_DGROWS = "dgrows";
  static final String FORMAT_PG_COPY = "pg-copy-text";

  private TableDumper() {}

  /** The format {@link #dump} will write for this connection. */
  static String formatFor(Connection c, Engine engine) {
    return engine == Engine.POSTGRES && PgCopy.usable(c) ? FORMAT_PG_COPY : FORMAT_DGROWS;
  }

  static String extension(String format) {
    return format.equals(FORMAT_PG_COPY) ? ".copy" : ".dgrows";
  }

  static String columnList(Engine engine, TableDef def) {
    StringJoiner j = new StringJoiner(", ");
    for (ColumnDef col : def.columns()) {
      j.add(engine.quote(col.name()));
    }
    return j.toString();
  }

  /** Writes every row of {@code def} to {@code out} in {@code format}; returns the number of rows. */
  static long dump(Connection c, Engine engine, TableDef def, String format, OutputStream out)
      throws SQLException, IOException {
    if (format.equals(FORMAT_PG_COPY)) {
      // Text COPY: PostgreSQL's own exact text form of every type, the format pg_dump writes.
      return PgCopy.copyOut(
          c, "COPY " + engine.qualified(def.ref()) + " (" + columnList(engine, def) + ") TO STDOUT", out);
    }
    long pause = Long.getLong(PAUSE_PROPERTY, 0L);
    int n = def.columns().size();
    boolean[] bytes = new boolean[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = def.columns().get(i).encoding().equals("bytes");
    }
    RowFile.Writer w = new RowFile.Writer(out, n);
    try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      st.setFetchSize(1000);
      try (ResultSet rs =
          st.executeQuery("SELECT " + columnList(engine, def) + " FROM " + engine.qualified(def.ref()))) {
        while (rs.next()) {
          w.startRow();
          for (int i = 0; i < n; i++) {
            if (bytes[i]) {
              w.value(rs.getBytes(i + 1));
            } else {
              w.text(rs.getString(i + 1));
            }
          }
          if (pause > 0) {
            sleep(pause);
          }
        }
      }
    }
    w.finish();
    return w.rows();
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("snapshot interrupted");
    }
  }

  static long count(Connection c, Engine engine, TableRef t) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + engine.qualified(t))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
