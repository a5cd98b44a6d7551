package io.dropguard.core.snapshot;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.StatementContext;
import io.dropguard.core.analysis.Finding;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * [#5] Takes the snapshot of {@code action: snapshot}: resolve what the statement would destroy, save the
 * definitions and every row, verify the row counts, make it durable, and only then return the id.
 */
final class DefaultSnapshotService implements SnapshotService {
  private static final System.Logger LOG = System.getLogger(DefaultSnapshotService.class.getName());

  @Override
  public String take(
      StatementContext context, ConnectionIdentity identity, String statement, List<Finding> findings,
      SnapshotOptions options)
      throws SnapshotException {
    Connection raw = context.rawConnection();
    Path root = options.directory();
    String id;
    try {
      Engine engine = Engine.of(raw);
      try (ReadScope scope = ReadScope.open(raw)) {
        id = takeInScope(context, raw, engine, identity, statement, findings, options, root);
        scope.succeeded();
      }
    } catch (SnapshotException e) {
      throw e;
    } catch (DurableFile.LimitExceededException e) {
      throw new SnapshotException(
          "the snapshot grew beyond max_bytes " + e.limit + " of the policy's snapshot: section, so it was "
              + "abandoned. To proceed: raise snapshot.max_bytes in the policy file, or copy the data elsewhere "
              + "(pg_dump, mysqldump) and run the statement under a rule that does not snapshot",
          e);
    } catch (SQLException e) {
      throw new SnapshotException(
          "reading the data failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    } catch (IOException e) {
      throw new SnapshotException(
          "writing the snapshot under " + root.toAbsolutePath() + " failed: " + e, e);
    } catch (RuntimeException e) {
      throw new SnapshotException("the snapshot failed unexpectedly: " + e, e);
    }
    prune(root, options.keep(), id, options.store() == SnapshotOptions.Store.DATABASE ? context : null);
    return id;
  }

  private String takeInScope(
      StatementContext context, Connection raw, Engine engine, ConnectionIdentity identity, String statement,
      List<Finding> findings, SnapshotOptions options, Path root)
      throws SQLException, IOException, SnapshotException {
    Catalog catalog = new Catalog(raw, engine);
    Map<TableRef, String> targets = TargetResolver.resolve(raw, catalog, statement, findings);
    List<TableDef> defs = new ArrayList<>();
    Map<TableRef, Long> counts = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<TableRef, String> t : targets.entrySet()) {
      TableDef def = catalog.definition(t.getKey(), t.getValue());
      defs.add(def);
      if (!def.isView()) {
        long n = TableDumper.count(raw, engine, def.ref());
        counts.put(def.ref(), n);
        total += n;
      }
    }
    if (total > options.maxRows()) {
      throw new SnapshotException(
          "the snapshot would hold " + total + " rows " + counts + ", above max_rows " + options.maxRows()
              + " of the policy's snapshot: section. To proceed: raise snapshot.max_rows in the policy file, or "
              + "copy the data elsewhere (pg_dump, mysqldump) and run the statement under a rule that does not "
              + "snapshot");
    }
    DatabaseMetaData md = raw.getMetaData();
    List<String> kinds = new ArrayList<>(new LinkedHashSet<>(findings.stream().map(f -> f.kind().id()).toList()));
    String store = options.store() == SnapshotOptions.Store.DATABASE ? "database" : "directory";
    Map<String, Object> header =
        Manifest.header(
            null, Instant.now(), UrlMask.mask(identity == null ? md.getURL() : identity.realUrl()),
            identity == null ? md.getUserName() : identity.user(), md.getDatabaseProductName(),
            md.getDatabaseProductVersion(), engine, statement, kinds, store);
    DirectorySnapshotStore.Plan plan =
        new DirectorySnapshotStore.Plan(header, defs, counts, session(raw, engine), options.maxBytes());
    if (options.store() != SnapshotOptions.Store.DATABASE) {
      return DirectorySnapshotStore.write(root, Instant.now(), plan, DirectorySnapshotStore.files(root, raw, engine));
    }
    try (Connection separate = context.openSeparateConnection()) {
      separate.setAutoCommit(true);
      return DirectorySnapshotStore.write(
          root, Instant.now(), plan, InDatabaseSnapshotStore.tables(raw, separate, engine));
    }
  }

  /** Session settings that change how values read back: a restore applies them first. */
  private static Map<String, String> session(Connection c, Engine engine) throws SQLException {
    Map<String, String> s = new LinkedHashMap<>();
    if (engine == Engine.MARIADB) {
      // TIMESTAMP columns are read and written in the session's time zone.
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT @@session.time_zone")) {
        rs.next();
        s.put("time_zone", rs.getString(1));
      }
    }
    return s;
  }

  /** Best effort: a snapshot that cannot be pruned now is pruned next time, and never blocks the statement. */
  private static void prune(Path root, Retention keep, String justTaken, StatementContext databaseStore) {
    if (keep.keepsForever()) {
      return;
    }
    try {
      List<Snapshot> gone;
      if (databaseStore == null) {
        gone = new SnapshotDirectory(root).prune(keep, Instant.now());
      } else {
        try (Connection separate = databaseStore.openSeparateConnection()) {
          separate.setAutoCommit(true);
          gone = new SnapshotDirectory(root).prune(keep, Instant.now(), separate);
        }
      }
      for (Snapshot s : gone) {
        LOG.log(Level.INFO, "pruned snapshot {0} (keep: {1}); newest is {2}", s.id(), keep, justTaken);
      }
    } catch (IOException | SQLException e) {
      LOG.log(Level.WARNING, "could not prune old snapshots in " + root + ": " + e);
    }
  }
}
