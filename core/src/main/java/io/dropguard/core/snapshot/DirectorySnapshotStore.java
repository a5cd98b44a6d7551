package io.dropguard.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * [#5] The {@code directory} store: one owner-only directory per snapshot,
 *
 * <pre>
 * &lt;id&gt;/started.json   what the snapshot is for (so that an interrupted one can still be described)
 * &lt;id&gt;/rows/001.dgrows  the rows of each table ({@code .copy} on PostgreSQL: COPY text format)
 * &lt;id&gt;/schema.json    the definitions
 * &lt;id&gt;/manifest.json  written last, after everything else is forced to disk: row counts and SHA-256s
 * </pre>
 */
final class DirectorySnapshotStore {
  private DirectorySnapshotStore() {}

  /** What one snapshot needs, collected before any file is written. */
  record Plan(
      Map<String, Object> header, List<TableDef> definitions, Map<TableRef, Long> counts,
      Map<String, String> session, long maxBytes) {}

  interface RowWriter {
    /** Writes the rows of one table; returns the manifest entry. */
    Manifest.TableEntry write(String id, int index, TableDef def, long expectedRows, DurableFile.Budget budget)
        throws IOException, SQLException, SnapshotException;

    /** Undoes what was written outside the snapshot directory, when the snapshot fails. */
    default void abort() {}
  }

  /** Claims an id, writes the files, and returns the id of the complete snapshot. */
  static String write(Path root, Instant now, Plan plan, RowWriter rows)
      throws IOException, SQLException, SnapshotException {
    DurableFile.createPrivateDirectories(root);
    String id = SnapshotId.claim(root, now);
    Path dir = root.resolve(id);
    boolean complete = false;
    try {
      Map<String, Object> header = new LinkedHashMap<>(plan.header());
      header.put("id", id);
      DurableFile.write(dir.resolve(Manifest.STARTED), Json.write(header).getBytes(StandardCharsets.UTF_8));
      DurableFile.createPrivateDirectory(dir.resolve("rows"));
      DurableFile.Budget budget = new DurableFile.Budget(plan.maxBytes());
      List<Object> tables = new ArrayList<>();
      long totalRows = 0;
      int index = 0;
      for (TableDef def : plan.definitions()) {
        if (def.isView()) {
          tables.add(
              Manifest.tableJson(new Manifest.TableEntry(def.ref(), def.kind(), 0, null, null, 0, null, null)));
          continue;
        }
        long expected = plan.counts().get(def.ref());
        Manifest.TableEntry e = rows.write(id, ++index, def, expected, budget);
        if (e.rows() != expected) {
          throw new SnapshotException(
              "the rows of " + def.ref() + " changed while the snapshot was read (counted " + expected
                  + ", read " + e.rows() + "); another session is writing to it. Run the statement again when "
                  + "it is quiet, or inside a transaction that locks the table");
        }
        totalRows += e.rows();
        tables.add(Manifest.tableJson(e));
      }
      DurableFile.syncDirectory(dir.resolve("rows"));

      List<Object> defs = new ArrayList<>();
      for (TableDef d : plan.definitions()) {
        defs.add(d.toJson());
      }
      DurableFile schema = new DurableFile(dir.resolve(Manifest.SCHEMA), new DurableFile.Budget(Long.MAX_VALUE));
      try (schema) {
        schema.write(Json.write(defs).getBytes(StandardCharsets.UTF_8));
      }
      String schemaSha = schema.sha256();

      Map<String, Object> manifest = new LinkedHashMap<>(header);
      manifest.put("completedAt", Instant.now().toString());
      manifest.put("session", plan.session());
      manifest.put("rows", totalRows);
      manifest.put("bytes", budget.used());
      manifest.put("tables", tables);
      manifest.put("files", Map.of(Manifest.SCHEMA, schemaSha));
      Path tmp = dir.resolve(Manifest.FILE + ".tmp");
      DurableFile.write(tmp, Json.write(manifest).getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, dir.resolve(Manifest.FILE), StandardCopyOption.ATOMIC_MOVE);
      DurableFile.syncDirectory(dir);
      DurableFile.syncDirectory(root);
      complete = true;
      return id;
    } finally {
      if (!complete) {
        rows.abort();
        try {
          SnapshotDirectory.delete(dir);
        } catch (IOException e) {
          // left behind without a manifest, so it is listed as incomplete and never restored
        }
      }
    }
  }

  /** Rows into files under the snapshot directory. */
  static RowWriter files(Path root, Connection source, Engine engine) {
    String format = TableDumper.formatFor(source, engine);
    return (id, index, def, expected, budget) -> {
      String file = "rows/" + String.format("%03d", index) + TableDumper.extension(format);
      DurableFile f = new DurableFile(root.resolve(id).resolve(file), budget);
      long n;
      try (f) {
        n = TableDumper.dump(source, engine, def, format, f);
      }
      return new Manifest.TableEntry(def.ref(), def.kind(), n, format, file, f.size(), f.sha256(), null);
    };
  }
}
