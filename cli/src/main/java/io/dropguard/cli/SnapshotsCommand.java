package io.dropguard.cli;

import io.dropguard.core.snapshot.Retention;
import io.dropguard.core.snapshot.Snapshot;
import io.dropguard.core.snapshot.SnapshotDirectory;
import io.dropguard.core.snapshot.SnapshotOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * {@code dropguard snapshots [--dir D] [--url U]} lists snapshots; {@code dropguard snapshots prune --keep K} deletes
 * the ones a retention no longer keeps.
 */
final class SnapshotsCommand {
  static final String USAGE =
      "usage: dropguard snapshots [--dir D] [--url U]\n"
          + "       dropguard snapshots prune --keep 30d|N [--dir D] [--url U --user U --password P]\n"
          + "  --dir   the snapshot directory: the policy's snapshot.path (default <state_dir>/snapshots,\n"
          + "          that is ~/.dropguard/snapshots)\n"
          + "  --url   list only the snapshots of this database; for prune, the database whose\n"
          + "          database-store snapshots may be dropped";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private SnapshotsCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    CliArgs a;
    try {
      a = CliArgs.parse(args, Set.of("dir", "url", "keep", "user", "password"), Set.of("help"));
    } catch (IllegalArgumentException e) {
      err.println("dropguard snapshots: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (a.has("help")) {
      out.println(USAGE);
      return 0;
    }
    SnapshotDirectory dir = new SnapshotDirectory(directory(a));
    try {
      if (a.positional.isEmpty()) {
        return list(dir, a, out);
      }
      if (a.positional.size() == 1 && a.positional.get(0).equals("prune")) {
        return prune(dir, a, out, err);
      }
      err.println("dropguard snapshots: unexpected " + a.positional + "\n" + USAGE);
      return 2;
    } catch (IOException e) {
      err.println("dropguard snapshots: cannot read " + dir.root() + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * {@code --dir}, else {@code <state_dir>/snapshots} (the {@code dropguard.state_dir} system property or
   * {@code DROPGUARD_STATE_DIR}), else {@code ~/.dropguard/snapshots}: where the guard writes them when a policy
   * names no {@code snapshot.path}.
   */
  static Path directory(CliArgs a) {
    if (a.has("dir")) {
      return Path.of(a.get("dir"));
    }
    String state = System.getProperty("dropguard.state_dir", System.getenv("DROPGUARD_STATE_DIR"));
    return state != null && !state.isBlank()
        ? io.dropguard.core.settings.Settings.expandHome(state).resolve("snapshots")
        : SnapshotOptions.defaultPath();
  }

  private static int list(SnapshotDirectory dir, CliArgs a, PrintStream out) throws IOException {
    List<Snapshot> all = dir.list();
    String only = a.has("url") ? SnapshotDirectory.maskUrl(RestoreCommand.realUrl(a.get("url"))) : null;
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "TIME (UTC)", "STATE", "ROWS", "SIZE", "DATABASE", "TABLES", "STATEMENT"});
    int incomplete = 0;
    for (Snapshot s : all) {
      if (only != null && !only.equals(s.database())) {
        continue;
      }
      if (!s.complete()) {
        incomplete++;
      }
      rows.add(
          new String[] {
            s.id(),
            TIME.format(s.createdAt()),
            s.complete() ? "complete" : "INCOMPLETE",
            s.complete() ? Long.toString(s.rows()) : "-",
            s.complete() ? size(s.bytes()) : "-",
            s.database() == null ? "?" : s.database(),
            s.complete() ? String.join(",", s.tables()) : "-",
            oneLine(s.statement())
          });
    }
    if (rows.size() == 1) {
      out.println("No snapshots in " + dir.root() + (only != null ? " of " + only : "") + ".");
      return 0;
    }
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i < r.length - 1 ? String.format("%-" + w[i] + "s  ", r[i]) : r[i]);
      }
      out.println(sb.toString().stripTrailing());
    }
    out.println();
    out.println((rows.size() - 1) + " snapshot(s) in " + dir.root() + ".");
    if (incomplete > 0) {
      out.println(
          incomplete + " INCOMPLETE: interrupted or failed before their manifest was written; they cannot be "
              + "restored, and the statement they were for did not run. `dropguard snapshots prune` removes them "
              + "after a day.");
    }
    return 0;
  }

  private static int prune(SnapshotDirectory dir, CliArgs a, PrintStream out, PrintStream err) throws IOException {
    if (!a.has("keep")) {
      err.println("dropguard snapshots prune: --keep is required (an age such as 30d, or a count such as 20)\n" + USAGE);
      return 2;
    }
    Retention keep;
    try {
      keep = Retention.parse(a.get("keep"));
    } catch (IllegalArgumentException e) {
      err.println("dropguard snapshots prune: " + e.getMessage());
      return 2;
    }
    List<Snapshot> gone;
    try (Connection db = a.has("url") ? connect(a) : null) {
      gone = dir.prune(keep, Instant.now(), db);
    } catch (SQLException e) {
      err.println("dropguard snapshots prune: " + e.getMessage());
      return 1;
    }
    for (Snapshot s : gone) {
      out.println("deleted " + s.id() + (s.complete() ? "" : " (incomplete)"));
    }
    out.println("Pruned " + gone.size() + " snapshot(s) from " + dir.root() + " (keep: " + a.get("keep") + ").");
    if (!a.has("url")) {
      out.println("Database-store snapshots are pruned only with --url, which drops their tables as well.");
    }
    return 0;
  }

  static Connection connect(CliArgs a) throws SQLException {
    Properties p = new Properties();
    if (a.has("user")) {
      p.setProperty("user", a.get("user"));
    }
    if (a.has("password")) {
      p.setProperty("password", a.get("password"));
    }
    return DriverManager.getConnection(RestoreCommand.realUrl(a.get("url")), p);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "?";
    }
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
