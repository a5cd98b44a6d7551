package io.dropguard.core.snapshot;

import io.dropguard.core.snapshot.TableDef.ColumnDef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.StringJoiner;

/** Puts saved rows back into a table with batched INSERTs, each value in the form it was saved in. */
final class RowLoader {
  private RowLoader() {}

  static void bindBytes(PreparedStatement ps, int i, byte[] v, ColumnDef c) throws SQLException {
    if (v == null) {
      ps.setNull(i, InDatabaseSnapshotStore.sqlType(c));
    } else {
      ps.setBytes(i, v);
    }
  }

  static void bindText(PreparedStatement ps, int i, String v, ColumnDef c, Engine engine) throws SQLException {
    if (engine == Engine.POSTGRES) {
      // Untyped: the server parses its own text form into the column's type (arrays, enums, json, ranges...).
      if (v == null) {
        ps.setNull(i, Types.OTHER);
      } else {
        ps.setObject(i, v, Types.OTHER);
      }
    } else if (v == null) {
      ps.setNull(i, InDatabaseSnapshotStore.sqlType(c));
    } else {
      ps.setString(i, v);
    }
  }

  /** Inserts the rows of a {@code .dgrows} stream; returns how many. */
  static long load(Connection c, Engine engine, TableDef def, TableRef target, InputStream in)
      throws SQLException, IOException {
    RowFile.Reader r = new RowFile.Reader(in);
    int n = def.columns().size();
    if (r.columns() != n) {
      throw new IOException("row file has " + r.columns() + " columns, the definition " + n);
    }
    StringJoiner marks = new StringJoiner(", ");
    for (int i = 0; i < n; i++) {
      marks.add("?");
    }
    long rows = 0;
    String sql =
        "INSERT INTO " + engine.qualified(target) + " (" + TableDumper.columnList(engine, def) + ") VALUES ("
            + marks + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      byte[][] row;
      while ((row = r.next()) != null) {
        for (int i = 0; i < n; i++) {
          ColumnDef col = def.columns().get(i);
          if (col.encoding().equals("bytes")) {
            bindBytes(ps, i + 1, row[i], col);
          } else {
            bindText(ps, i + 1, row[i] == null ? null : new String(row[i], StandardCharsets.UTF_8), col, engine);
          }
        }
        ps.addBatch();
        if (++rows % 1000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    return rows;
  }
}
