package io.dropguard.core.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One snapshot as {@code dropguard snapshots} lists it.
 *
 * @param database the database's URL with any password masked
 * @param tables the tables and views it holds
 * @param rows rows held, over all tables
 * @param bytes bytes of row data
 * @param complete true only when its manifest was written, last, after every file was durable; only complete
 *     snapshots can be restored
 * @param problem why it is not complete (for a person), or null
 * @param store {@code directory} or {@code database}
 */
public record Snapshot(
    String id,
    Instant createdAt,
    String database,
    String user,
    String product,
    String statement,
    List<String> kinds,
    List<String> tables,
    long rows,
    long bytes,
    boolean complete,
    String problem,
    String store,
    Path directory) {
  public Snapshot {
    kinds = List.copyOf(kinds);
    tables = List.copyOf(tables);
  }
}
