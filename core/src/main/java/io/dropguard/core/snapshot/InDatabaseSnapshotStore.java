package io.dropguard.core.snapshot;

import io.dropguard.core.snapshot.TableDef.ColumnDef;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * [#5] The {@code database} store: each table's rows are copied into a table of DropGuard's own schema
 * ({@code dropguard_snapshots}) in the same database; the manifest and definitions still go to the snapshot
 * directory. Rows are read on the user's connection (so their uncommitted rows are included) and written through
 * a separate connection, so that the DDL never runs in the user's transaction (MySQL and MariaDB commit it
 * implicitly on CREATE TABLE).
 */
final class InDatabaseSnapshotStore {
  static final String NAMESPACE = "dropguard_snapshots";

  private InDatabaseSnapshotStore() {}

  static TableRef location(String id, int index) {
    return new TableRef(NAMESPACE, "s" + id.replace('-', '_') + "_" + String.format("%03d", index));
  }

  static DirectorySnapshotStore.RowWriter tables(Connection source, Connection separate, Engine engine) {
    List<TableRef> created = new ArrayList<>();
    return new DirectorySnapshotStore.RowWriter() {
      @Override
      public Manifest.TableEntry write(String id, int index, TableDef def, long expected, DurableFile.Budget budget)
          throws IOException, SQLException, SnapshotException {
        TableRef loc = location(id, index);
        if (created.isEmpty()) {
          try (Statement st = separate.createStatement()) {
            st.execute(
                (engine == Engine.MARIADB ? "CREATE DATABASE IF NOT EXISTS " : "CREATE SCHEMA IF NOT EXISTS ")
                    + engine.quote(NAMESPACE));
          }
        }
        StringJoiner cols = new StringJoiner(", ");
        for (ColumnDef c : def.columns()) {
          cols.add(engine.quote(c.name()) + " " + c.type());
        }
        try (Statement st = separate.createStatement()) {
          st.execute("CREATE TABLE " + engine.qualified(loc) + " (" + cols + ")");
        }
        created.add(loc);
        long before = budget.used();
        long n;
        String list = TableDumper.columnList(engine, def);
        if (engine == Engine.POSTGRES && PgCopy.usable(source) && PgCopy.usable(separate)) {
          n = PgCopy.pipe(
              source, "COPY " + engine.qualified(def.ref()) + " (" + list + ") TO STDOUT", separate,
              "COPY " + engine.qualified(loc) + " (" + list + ") FROM STDIN", budget);
        } else {
          n = copyRows(source, separate, engine, def, loc, budget);
        }
        long stored = TableDumper.count(separate, engine, loc);
        if (stored != n) {
          throw new SnapshotException(
              "the copy of " + def.ref() + " in " + loc + " holds " + stored + " rows, but " + n + " were read");
        }
        return new Manifest.TableEntry(def.ref(), def.kind(), n, "table", null, budget.used() - before, null, loc);
      }

      @Override
      public void abort() {
        for (TableRef t : created) {
          try (Statement st = separate.createStatement()) {
            st.execute("DROP TABLE " + engine.qualified(t));
          } catch (SQLException e) {
            // an orphan table in dropguard_snapshots; no manifest names it, so it is never restored
          }
        }
      }
    };
  }

  private static long copyRows(
      Connection source, Connection separate, Engine engine, TableDef def, TableRef loc, DurableFile.Budget budget)
      throws SQLException, IOException {
    int n = def.columns().size();
    String list = TableDumper.columnList(engine, def);
    StringJoiner marks = new StringJoiner(", ");
    for (int i = 0; i < n; i++) {
      marks.add("?");
    }
    long rows = 0;
    separate.setAutoCommit(false);
    try (Statement st = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        PreparedStatement ins =
            separate.prepareStatement("INSERT INTO " + engine.qualified(loc) + " (" + list + ") VALUES (" + marks + ")")) {
      st.setFetchSize(1000);
      try (ResultSet rs = st.executeQuery("SELECT " + list + " FROM " + engine.qualified(def.ref()))) {
        while (rs.next()) {
          for (int i = 0; i < n; i++) {
            ColumnDef c = def.columns().get(i);
            if (c.encoding().equals("bytes")) {
              byte[] v = rs.getBytes(i + 1);
              budget.use(v == null ? 0 : v.length);
              RowLoader.bindBytes(ins, i + 1, v, c);
            } else {
              String v = rs.getString(i + 1);
              budget.use(v == null ? 0 : v.length());
              RowLoader.bindText(ins, i + 1, v, c, engine);
            }
          }
          ins.addBatch();
          if (++rows % 1000 == 0) {
            ins.executeBatch();
          }
        }
      }
      ins.executeBatch();
      separate.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      separate.rollback();
      throw e;
    } finally {
      separate.setAutoCommit(true);
    }
    return rows;
  }

  /** Drops the tables of a database-store snapshot (after its manifest is gone). */
  static void dropTables(Connection c, Manifest m) throws SQLException {
    Engine engine = m.engine();
    for (Manifest.TableEntry t : m.tables()) {
      if (t.location() != null) {
        try (Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + engine.qualified(t.location()));
        }
      }
    }
  }

  static int sqlType(ColumnDef c) {
    return c.jdbcType() == 0 ? Types.VARCHAR : c.jdbcType();
  }
}
