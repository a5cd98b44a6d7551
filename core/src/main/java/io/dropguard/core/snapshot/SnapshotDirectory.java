package io.dropguard.core.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory that holds snapshots (one sub-directory each, named by id): listing, lookup and pruning. The
 * manifests of database-store snapshots live here too.
 */
public final class SnapshotDirectory {
  /** An incomplete snapshot untouched this long is a leftover of a failed or killed process, not one in progress. */
  static final Duration STALE = Duration.ofHours(24);

  private final Path root;

  public SnapshotDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * Every snapshot, oldest first, complete or not.
   *
   * @throws IOException when the directory cannot be read
   */
  public List<Snapshot> list() throws IOException {
    List<Snapshot> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p) && SnapshotId.FORMAT.matcher(name).matches()) {
          out.add(read(p));
        }
      }
    }
    out.sort(Comparator.comparing(Snapshot::id));
    return out;
  }

  /**
   * The snapshot with this id (or the only one whose id starts with it).
   *
   * @throws IOException when the directory cannot be read
   */
  public Optional<Snapshot> find(String id) throws IOException {
    Snapshot match = null;
    for (Snapshot s : list()) {
      if (s.id().equals(id)) {
        return Optional.of(s);
      }
      if (s.id().startsWith(id)) {
        if (match != null) {
          return Optional.empty();
        }
        match = s;
      }
    }
    return Optional.ofNullable(match);
  }

  @SuppressWarnings("unchecked")
  private static Snapshot read(Path dir) {
    String id = dir.getFileName().toString();
    Instant created = SnapshotId.time(id);
    Path manifest = dir.resolve(Manifest.FILE);
    if (Files.isRegularFile(manifest)) {
      try {
        Manifest m = new Manifest(Manifest.read(manifest));
        List<String> tables = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (Manifest.TableEntry t : m.tables()) {
          tables.add(t.ref().toString());
          rows += t.rows();
          bytes += t.bytes();
        }
        return new Snapshot(
            id, Instant.parse((String) m.json.get("createdAt")), m.database(), (String) m.json.get("user"),
            (String) m.json.get("product"), (String) m.json.get("statement"),
            TableDef.strings(m.json.get("kinds")), tables, rows, bytes, true, null, m.store(), dir);
      } catch (IOException | RuntimeException e) {
        return incomplete(id, created, dir, "its manifest cannot be read (" + e.getMessage() + ")");
      }
    }
    return incomplete(id, created, dir, "no manifest: the snapshot was interrupted or failed before it was complete");
  }

  @SuppressWarnings("unchecked")
  private static Snapshot incomplete(String id, Instant created, Path dir, String problem) {
    String database = null;
    String user = null;
    String statement = null;
    List<String> kinds = List.of();
    try {
      Map<String, Object> s = Manifest.read(dir.resolve(Manifest.STARTED));
      database = (String) s.get("database");
      user = (String) s.get("user");
      statement = (String) s.get("statement");
      kinds = TableDef.strings(s.get("kinds"));
    } catch (IOException | RuntimeException e) {
      // nothing known beyond the id
    }
    return new Snapshot(
        id, created, database, user, null, statement, kinds, List.of(), 0, 0, false, problem, null, dir);
  }

  /** Masks the password in a JDBC URL the way manifests hold it, so that listings can be filtered by URL. */
  public static String maskUrl(String url) {
    return UrlMask.mask(url);
  }

  /**
   * As {@link #prune(Retention, Instant, Connection)} without a connection: database-store snapshots are kept.
   *
   * @throws IOException when a snapshot cannot be deleted
   */
  public List<Snapshot> prune(Retention keep, Instant now) throws IOException {
    try {
      return prune(keep, now, null);
    } catch (SQLException e) {
      throw new IllegalStateException(e); // no connection, no SQL
    }
  }

  /**
   * Deletes complete snapshots that {@code keep} no longer keeps, and incomplete ones left untouched for a day.
   * A database-store snapshot is pruned only when {@code db} (a connection to a database of its engine) is
   * given, because its tables are dropped first; without one it is kept, never orphaned.
   *
   * @return the snapshots deleted
   * @throws IOException when a snapshot cannot be deleted
   * @throws SQLException when a database-store snapshot's tables cannot be dropped
   */
  public List<Snapshot> prune(Retention keep, Instant now, Connection db) throws IOException, SQLException {
    List<Snapshot> all = list();
    List<Snapshot> complete = new ArrayList<>();
    List<Snapshot> gone = new ArrayList<>();
    for (Snapshot s : all) {
      if (s.complete()) {
        complete.add(s);
      } else if (lastModified(s.directory()).isBefore(now.minus(STALE))) {
        gone.add(s);
      }
    }
    for (int i = 0; i < complete.size(); i++) {
      Snapshot s = complete.get(i);
      boolean tooOld = keep.maxAge() != null && s.createdAt().isBefore(now.minus(keep.maxAge()));
      boolean beyondCount = keep.maxCount() > 0 && i < complete.size() - keep.maxCount();
      if (tooOld || beyondCount) {
        gone.add(s);
      }
    }
    List<Snapshot> deleted = new ArrayList<>();
    Engine dbEngine = db == null ? null : Engine.of(db);
    for (Snapshot s : gone) {
      if ("database".equals(s.store())) {
        Manifest m = new Manifest(Manifest.read(s.directory().resolve(Manifest.FILE)));
        if (m.engine() != dbEngine) {
          continue;
        }
        InDatabaseSnapshotStore.dropTables(db, m);
      }
      delete(s.directory());
      deleted.add(s);
    }
    return deleted;
  }

  private static Instant lastModified(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> {
            try {
              return Files.getLastModifiedTime(p).toInstant();
            } catch (IOException e) {
              return Instant.EPOCH;
            }
          })
          .max(Comparator.naturalOrder())
          .orElse(Instant.EPOCH);
    }
  }

  /** Deletes the manifest first, so that a half-deleted snapshot is never listed as restorable. */
  static void delete(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(Manifest.FILE));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
