package io.dropguard.core.snapshot;

import io.dropguard.core.snapshot.TableDef.ColumnDef;
import io.dropguard.core.snapshot.TableDef.EnumType;
import io.dropguard.core.snapshot.TableDef.ForeignKeyDef;
import io.dropguard.core.snapshot.TableDef.IndexDef;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * [#5] Puts a snapshot back: recreates dropped tables from their saved definitions, loads the rows, and recreates
 * the views. Everything is checked before anything is written (complete, checksums, same engine, target tables
 * empty), and on PostgreSQL and H2 the whole restore is one transaction.
 */
public final class Restorer {
  private static final Pattern NEXTVAL = Pattern.compile("(?i)^nextval\\('((?:[^']|'')+)'(?:::regclass)?\\)$");

  /**
   * @param table restore only this table or view ({@code name} or {@code namespace.name}), or null for all
   * @param as the new name ({@code name} or {@code namespace.name}) for the one table restored, or null
   * @param intoNonEmpty allow adding rows to a table that already has rows
   */
  public record Request(String table, String as, boolean intoNonEmpty) {}

  private final Snapshot snapshot;
  private final Connection target;
  private final Request request;
  private final List<String> report = new ArrayList<>();
  private Engine engine;
  private Manifest manifest;

  private Restorer(Snapshot snapshot, Connection target, Request request) {
    this.snapshot = snapshot;
    this.target = target;
    this.request = request;
  }

  /**
   * Restores {@code snapshot} into the database of {@code target} (the caller's own connection; its autocommit
   * is turned off while restoring and put back).
   *
   * @return what was done, one line each, for a person
   * @throws SnapshotException when the snapshot cannot be restored or the target refuses it; then nothing was
   *     changed on PostgreSQL and H2 (MariaDB commits DDL as it goes)
   */
  public static List<String> restore(Snapshot snapshot, Connection target, Request request) throws SnapshotException {
    Restorer r = new Restorer(snapshot, target, request);
    try {
      r.run();
    } catch (IOException e) {
      throw new SnapshotException("reading snapshot " + snapshot.id() + " failed: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new SnapshotException(
          "restoring snapshot " + snapshot.id() + " failed, nothing was committed: " + e.getMessage()
              + " (SQLState " + e.getSQLState() + ")",
          e);
    }
    return r.report;
  }

  private record Item(TableDef def, Manifest.TableEntry entry, TableRef target, boolean renamed) {}

  @SuppressWarnings("unchecked")
  private void run() throws IOException, SQLException, SnapshotException {
    if (!snapshot.complete()) {
      throw new SnapshotException(
          "snapshot " + snapshot.id() + " is incomplete and cannot be restored: " + snapshot.problem());
    }
    Path dir = snapshot.directory();
    manifest = new Manifest(Manifest.read(dir.resolve(Manifest.FILE)));
    engine = Engine.of(target);
    verifyChecksums(dir);
    if (engine != manifest.engine()) {
      throw new SnapshotException(
          "snapshot " + snapshot.id() + " was taken on " + manifest.engine() + " (" + manifest.database()
              + "); it can only be restored into the same engine, not " + engine);
    }
    List<TableDef> defs = new ArrayList<>();
    for (Object o : (List<Object>) Json.parse(Files.readString(dir.resolve(Manifest.SCHEMA), StandardCharsets.UTF_8))) {
      defs.add(TableDef.fromJson((Map<String, Object>) o));
    }
    List<Manifest.TableEntry> entries = manifest.tables();
    List<Item> items = select(defs, entries);

    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(false);
    try {
      prepareSession();
      Catalog catalog = new Catalog(target, engine);
      for (Item it : items) {
        TableRef loc = it.entry().location();
        if (loc != null && catalog.kindOf(loc) == null) {
          throw new SnapshotException(
              "snapshot " + snapshot.id() + " keeps its rows inside the database it was taken on ("
                  + manifest.database() + "), in " + loc + ", which this database does not have. Restore into "
                  + "that database with --url (and copy the table from there), or take directory-store snapshots "
                  + "to restore elsewhere");
        }
      }
      List<Item> toCreate = new ArrayList<>();
      for (Item it : items) {
        String kind = catalog.kindOf(it.target());
        if (kind == null) {
          toCreate.add(it);
        } else if (it.def().isView()) {
          report.add("skipped " + it.def().kind().toLowerCase(Locale.ROOT) + " " + it.target() + ": it exists");
        } else {
          checkExisting(catalog, it, kind);
        }
      }
      Set<TableRef> created = new HashSet<>();
      for (Item it : items) {
        if (it.def().isView()) {
          continue;
        }
        List<String> afterLoad = new ArrayList<>();
        if (toCreate.contains(it)) {
          afterLoad = createTable(catalog, it);
          created.add(it.target());
        }
        long n = loadRows(dir, it);
        try (Statement st = target.createStatement()) {
          // Keys and indexes are built after the rows are in, as pg_dump does: much faster than row by row.
          for (String ddl : afterLoad) {
            st.execute(ddl);
          }
        }
        if (n != it.entry().rows()) {
          throw new SnapshotException(
              "restored " + n + " rows into " + it.target() + ", but the snapshot holds " + it.entry().rows());
        }
        report.add("restored " + n + " rows into " + it.target() + (created.contains(it.target()) ? " (recreated)" : ""));
        if (created.contains(it.target())) {
          resetIdentity(it);
        }
      }
      for (Item it : items) {
        if (created.contains(it.target()) && !it.renamed() && it.def().nativeDdl() == null) {
          addForeignKeys(catalog, it);
        }
      }
      for (Item it : items) {
        if (it.def().isView() && toCreate.contains(it)) {
          createView(it);
        }
      }
      finishSession();
      target.commit();
    } catch (SQLException | IOException | SnapshotException | RuntimeException e) {
      try {
        target.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      target.setAutoCommit(autoCommit);
    }
  }

  private void verifyChecksums(Path dir) throws IOException, SnapshotException {
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      check(dir, f.getKey(), f.getValue());
    }
    if (streamingVerification()) {
      for (Manifest.TableEntry t : manifest.tables()) {
        if (t.file() != null && !Files.isRegularFile(dir.resolve(t.file()))) {
          throw new SnapshotException("snapshot " + snapshot.id() + " is damaged: " + t.file() + " is missing");
        }
      }
      return;
    }
    for (Manifest.TableEntry t : manifest.tables()) {
      if (t.file() != null) {
        check(dir, t.file(), t.sha256());
      }
    }
  }

  /**
   * On PostgreSQL the restore is one transaction, DDL included, so a row file is hashed while it is loaded and a
   * mismatch rolls everything back: one pass over the data instead of two. Elsewhere (MariaDB commits DDL) every
   * file is checked before anything is written.
   */
  private boolean streamingVerification() {
    return engine == Engine.POSTGRES;
  }

  private void check(Path dir, String file, String sha) throws IOException, SnapshotException {
    Path p = dir.resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new SnapshotException("snapshot " + snapshot.id() + " is damaged: " + file + " is missing");
    }
    if (!DurableFile.sha256(p).equals(sha)) {
      throw new SnapshotException(
          "snapshot " + snapshot.id() + " is damaged: " + file + " does not match its SHA-256 in the manifest");
    }
  }

  private List<Item> select(List<TableDef> defs, List<Manifest.TableEntry> entries) throws SnapshotException {
    List<Item> all = new ArrayList<>();
    for (TableDef d : defs) {
      Manifest.TableEntry e =
          entries.stream().filter(x -> x.ref().equals(d.ref())).findFirst().orElseThrow(
              () -> new SnapshotException("snapshot " + snapshot.id() + " is damaged: no manifest entry for " + d.ref()));
      all.add(new Item(d, e, d.ref(), false));
    }
    if (request.table() == null) {
      if (request.as() != null && all.size() != 1) {
        throw new SnapshotException(
            "--as renames one table, and snapshot " + snapshot.id() + " holds " + all.size() + ": choose it with --table ("
                + names(all) + ")");
      }
      return request.as() == null ? all : List.of(renamed(all.get(0)));
    }
    Item match = null;
    for (Item it : all) {
      if (it.def().ref().toString().equals(request.table()) || it.def().ref().name().equals(request.table())) {
        match = it;
        break;
      }
    }
    if (match == null) {
      for (Item it : all) {
        if (it.def().ref().name().equalsIgnoreCase(request.table())
            || it.def().ref().toString().equalsIgnoreCase(request.table())) {
          match = it;
        }
      }
    }
    if (match == null) {
      throw new SnapshotException(
          "snapshot " + snapshot.id() + " holds no table '" + request.table() + "'; it holds: " + names(all));
    }
    return List.of(request.as() == null ? match : renamed(match));
  }

  private Item renamed(Item it) {
    String as = request.as();
    int dot = as.lastIndexOf('.');
    TableRef t = dot < 0 ? new TableRef(it.def().ref().namespace(), as) : new TableRef(as.substring(0, dot), as.substring(dot + 1));
    return new Item(it.def(), it.entry(), t, true);
  }

  private static String names(List<Item> items) {
    StringJoiner j = new StringJoiner(", ");
    items.forEach(i -> j.add(i.def().ref().toString()));
    return j.toString();
  }

  private void checkExisting(Catalog catalog, Item it, String kind) throws SQLException, SnapshotException {
    if (!kind.equals("TABLE")) {
      throw new SnapshotException(it.target() + " exists and is a " + kind.toLowerCase(Locale.ROOT) + ", not a table");
    }
    Set<String> have = new HashSet<>();
    for (ColumnDef c : catalog.definition(it.target(), kind).columns()) {
      have.add(c.name());
    }
    for (ColumnDef c : it.def().columns()) {
      if (!have.contains(c.name())) {
        throw new SnapshotException(
            it.target() + " exists but has no column " + c.name() + " (dropped since the snapshot?). To restore it "
                + "beside the current table: dropguard restore " + snapshot.id() + " --table " + it.def().ref()
                + " --as " + it.def().ref().name() + "_restored");
      }
    }
    long rows = TableDumper.count(target, engine, it.target());
    if (rows > 0 && !request.intoNonEmpty()) {
      throw new SnapshotException(
          it.target() + " already holds " + rows + " rows, so nothing was restored. To restore beside it: "
              + "--as " + it.target().name() + "_restored; to add the saved rows to it anyway: --into-nonempty");
    }
  }

  private void prepareSession() throws SQLException {
    if (engine == Engine.MARIADB) {
      try (Statement st = target.createStatement()) {
        st.execute("SET @dropguard_fk = @@foreign_key_checks, foreign_key_checks = 0");
        String tz = manifest.session().get("time_zone");
        if (tz != null) {
          try (PreparedStatement ps = target.prepareStatement("SET time_zone = ?")) {
            ps.setString(1, tz);
            ps.execute();
          }
        }
      }
    }
  }

  private void finishSession() throws SQLException {
    if (engine == Engine.MARIADB) {
      try (Statement st = target.createStatement()) {
        st.execute("SET foreign_key_checks = @dropguard_fk");
      }
    }
  }

  /** Creates the table with its columns and checks; returns the key and index DDL to run after the rows. */
  private List<String> createTable(Catalog catalog, Item it) throws SQLException {
    List<String> afterLoad = new ArrayList<>();
    TableDef d = it.def();
    TableRef t = it.target();
    try (Statement st = target.createStatement()) {
      if (t.namespace() != null && !catalog.namespaceExists(t.namespace())) {
        st.execute((engine == Engine.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + engine.quote(t.namespace()));
        report.add("created " + (engine == Engine.MARIADB ? "database " : "schema ") + t.namespace());
      }
      for (EnumType e : d.enums()) {
        createEnum(st, e);
      }
      if (d.nativeDdl() != null) {
        st.execute(nativeDdl(d, t, it.renamed()));
        return afterLoad;
      }
      StringJoiner cols = new StringJoiner(",\n  ", "(\n  ", "\n)");
      List<String> sequences = new ArrayList<>();
      for (ColumnDef c : d.columns()) {
        StringBuilder sb = new StringBuilder(engine.quote(c.name())).append(' ').append(c.type());
        String def = c.defaultValue();
        if (c.identity() && (engine == Engine.POSTGRES || engine == Engine.H2)) {
          sb.append(" GENERATED BY DEFAULT AS IDENTITY");
        } else if (def != null) {
          Matcher m = NEXTVAL.matcher(def.trim());
          if (engine == Engine.POSTGRES && m.matches()) {
            sequences.add(m.group(1).replace("''", "'"));
          }
          sb.append(" DEFAULT ").append(def);
        }
        if (!c.nullable()) {
          sb.append(" NOT NULL");
        }
        cols.add(sb);
      }
      if (!d.primaryKey().isEmpty()) {
        StringJoiner pk = new StringJoiner(", ");
        d.primaryKey().forEach(c -> pk.add(engine.quote(c)));
        afterLoad.add(
            "ALTER TABLE " + engine.qualified(t) + " ADD "
                + (it.renamed() || d.primaryKeyName() == null || engine == Engine.H2 ? "" : "CONSTRAINT " + engine.quote(d.primaryKeyName()) + " ")
                + "PRIMARY KEY (" + pk + ")");
      }
      d.checks().forEach(cols::add);
      for (String seq : sequences) {
        // [#5] a serial column's sequence goes with its table; recreate it so the default works again
        st.execute("CREATE SEQUENCE IF NOT EXISTS " + seq);
      }
      st.execute("CREATE TABLE " + engine.qualified(t) + " " + cols);
      for (IndexDef i : d.indexes()) {
        StringJoiner ic = new StringJoiner(", ");
        i.columns().forEach(c -> ic.add(engine.quote(c)));
        String name = it.renamed() ? t.name() + "_" + i.name() : i.name();
        if (name.length() > 60) {
          name = name.substring(0, 60);
        }
        String q = engine == Engine.MARIADB || t.namespace() == null ? engine.quote(name) : engine.quote(t.namespace()) + "." + engine.quote(name);
        afterLoad.add(
            "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + (engine == Engine.POSTGRES ? engine.quote(name) : q)
                + " ON " + engine.qualified(t) + " (" + ic + ")");
      }
    }
    return afterLoad;
  }

  private void createEnum(Statement st, EnumType e) throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = ? and t.typname = ?")) {
      ps.setString(1, e.namespace());
      ps.setString(2, e.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    StringJoiner labels = new StringJoiner(", ");
    e.labels().forEach(l -> labels.add("'" + l.replace("'", "''") + "'"));
    st.execute("CREATE TYPE " + engine.quote(e.namespace()) + "." + engine.quote(e.name()) + " AS ENUM (" + labels + ")");
    report.add("created enum type " + e.namespace() + "." + e.name());
  }

  private String nativeDdl(TableDef d, TableRef t, boolean renamed) {
    String ddl = d.nativeDdl();
    String head = "CREATE TABLE " + engine.quote(d.ref().name());
    if (ddl.startsWith(head)) {
      ddl = "CREATE TABLE " + engine.qualified(t) + ddl.substring(head.length());
    }
    if (renamed) {
      // Constraint names are unique per database: the original table may still hold them.
      ddl = ddl.replaceAll("(?m),\\s*\\n\\s*CONSTRAINT [^\\n]* FOREIGN KEY [^\\n]*(?=\\n|,)", "");
    }
    return ddl;
  }

  private long loadRows(Path dir, Item it) throws SQLException, IOException {
    Manifest.TableEntry e = it.entry();
    String cols = TableDumper.columnList(engine, it.def());
    if (e.location() != null) {
      try (Statement st = target.createStatement()) {
        return st.executeUpdate(
            "INSERT INTO " + engine.qualified(it.target()) + " (" + cols + ") SELECT " + cols + " FROM "
                + engine.qualified(e.location()));
      }
    }
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
    long n;
    try (InputStream in =
        new java.security.DigestInputStream(
            new BufferedInputStream(Files.newInputStream(dir.resolve(e.file())), 1 << 16), digest)) {
      try {
        if (e.format().equals(TableDumper.FORMAT_PG_COPY)) {
          n = PgCopy.copyIn(target, "COPY " + engine.qualified(it.target()) + " (" + cols + ") FROM STDIN", in);
        } else {
          n = RowLoader.load(target, engine, it.def(), it.target(), in);
        }
      } catch (SQLException | IOException x) {
        // A damaged file is the likelier cause of a failed load: say so when it is.
        in.transferTo(java.io.OutputStream.nullOutputStream());
        if (!java.util.HexFormat.of().formatHex(digest.digest()).equals(e.sha256())) {
          throw damaged(e, x);
        }
        throw x;
      }
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (!java.util.HexFormat.of().formatHex(digest.digest()).equals(e.sha256())) {
      throw damaged(e, null);
    }
    return n;
  }

  private IOException damaged(Manifest.TableEntry e, Exception cause) {
    return new IOException(
        "snapshot " + snapshot.id() + " is damaged: " + e.file() + " does not match its SHA-256 in the manifest;"
            + " nothing was restored",
        cause);
  }

  private void resetIdentity(Item it) throws SQLException {
    for (ColumnDef c : it.def().columns()) {
      Matcher serial = c.defaultValue() == null ? null : NEXTVAL.matcher(c.defaultValue().trim());
      String max = "(select max(" + engine.quote(c.name()) + ") from " + engine.qualified(it.target()) + ")";
      if (engine == Engine.POSTGRES && serial != null && serial.matches()) {
        String seq = serial.group(1).replace("''", "'");
        try (Statement st = target.createStatement()) {
          st.execute("ALTER SEQUENCE " + seq + " OWNED BY " + engine.qualified(it.target()) + "." + engine.quote(c.name()));
          st.executeQuery("select setval('" + seq.replace("'", "''") + "', " + max + ") where " + max + " is not null").close();
        }
      } else if (engine == Engine.POSTGRES && c.identity()) {
        try (PreparedStatement ps =
            target.prepareStatement("select setval(pg_get_serial_sequence(?, ?), " + max + ") where " + max + " is not null")) {
          ps.setString(1, engine.qualified(it.target()));
          ps.setString(2, c.name());
          ps.executeQuery().close();
        }
      } else if (engine == Engine.H2 && c.identity()) {
        long m;
        try (Statement st = target.createStatement();
            ResultSet rs = st.executeQuery("select " + max)) {
          rs.next();
          m = rs.getLong(1);
        }
        try (Statement st = target.createStatement()) {
          st.execute("ALTER TABLE " + engine.qualified(it.target()) + " ALTER COLUMN " + engine.quote(c.name()) + " RESTART WITH " + (m + 1));
        }
      }
    }
  }

  private void addForeignKeys(Catalog catalog, Item it) throws SQLException {
    for (ForeignKeyDef fk : it.def().foreignKeys()) {
      if (catalog.kindOf(fk.references()) == null) {
        report.add("note: foreign key " + fk.name() + " of " + it.target() + " not restored: " + fk.references() + " does not exist");
        continue;
      }
      StringJoiner from = new StringJoiner(", ");
      fk.columns().forEach(c -> from.add(engine.quote(c)));
      StringJoiner to = new StringJoiner(", ");
      fk.refColumns().forEach(c -> to.add(engine.quote(c)));
      try (Statement st = target.createStatement()) {
        st.execute(
            "ALTER TABLE " + engine.qualified(it.target()) + " ADD CONSTRAINT " + engine.quote(fk.name())
                + " FOREIGN KEY (" + from + ") REFERENCES " + engine.qualified(fk.references()) + " (" + to + ")"
                + (fk.onDelete().equals("NO ACTION") ? "" : " ON DELETE " + fk.onDelete())
                + (fk.onUpdate().equals("NO ACTION") ? "" : " ON UPDATE " + fk.onUpdate()));
      }
    }
  }

  private void createView(Item it) throws SQLException {
    String def = it.def().viewDefinition().trim();
    if (def.endsWith(";")) {
      def = def.substring(0, def.length() - 1);
    }
    try (Statement st = target.createStatement()) {
      st.execute("CREATE " + it.def().kind() + " " + engine.qualified(it.target()) + " AS " + def);
    }
    report.add("recreated " + it.def().kind().toLowerCase(Locale.ROOT) + " " + it.target());
  }
}
