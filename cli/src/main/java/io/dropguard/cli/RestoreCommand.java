package io.dropguard.cli;

import io.dropguard.core.snapshot.Restorer;
import io.dropguard.core.snapshot.Snapshot;
import io.dropguard.core.snapshot.SnapshotDirectory;
import io.dropguard.core.snapshot.SnapshotException;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dropguard restore <id>}: puts a snapshot back into the database it came from, or into another of the
 * same engine. Refuses to add rows to a non-empty table unless {@code --into-nonempty} is given.
 */
final class RestoreCommand {
  static final String USAGE =
      "usage: dropguard restore <id> [--dir D] [--url U] [--user U --password P] [--table T] [--as NEW]"
          + " [--into-nonempty]\n"
          + "  <id>             the snapshot (from `dropguard snapshots`; a unique prefix is enough)\n"
          + "  --dir            the snapshot directory (default <state_dir>/snapshots: ~/.dropguard/snapshots)\n"
          + "  --url            the database to restore into (default: the one the snapshot was taken on)\n"
          + "  --table T        restore only table or view T (name or schema.name)\n"
          + "  --as NEW         restore the one table under a new name, beside the current one\n"
          + "  --into-nonempty  add the saved rows to a table that already has rows";

  private RestoreCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    CliArgs a;
    try {
      a = CliArgs.parse(args, Set.of("dir", "url", "user", "password", "table", "as"), Set.of("into-nonempty", "help"));
    } catch (IllegalArgumentException e) {
      err.println("dropguard restore: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (a.has("help")) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional.size() != 1) {
      err.println("dropguard restore: give exactly one snapshot id\n" + USAGE);
      return 2;
    }
    String id = a.positional.get(0);
    SnapshotDirectory dir = new SnapshotDirectory(SnapshotsCommand.directory(a));
    Optional<Snapshot> found;
    try {
      found = dir.find(id);
    } catch (IOException e) {
      err.println("dropguard restore: cannot read " + dir.root() + ": " + e.getMessage());
      return 1;
    }
    if (found.isEmpty()) {
      err.println(
          "dropguard restore: no snapshot '" + id + "' in " + dir.root() + " (or the prefix is not unique).\n"
              + "To see them: dropguard snapshots --dir " + dir.root());
      return 1;
    }
    Snapshot s = found.get();
    String url = a.get("url");
    if (url == null) {
      if (s.database() == null || s.database().contains("***")) {
        err.println(
            "dropguard restore: the snapshot's database URL is not known in full (" + s.database() + ").\n"
                + "Give the database to restore into with --url (and --user/--password).");
        return 2;
      }
      url = s.database();
    }
    if (!a.has("user") && s.user() != null) {
      a.options.put("user", s.user());
    }
    a.options.put("url", url);
    try (Connection c = SnapshotsCommand.connect(a)) {
      List<String> report =
          Restorer.restore(s, c, new Restorer.Request(a.get("table"), a.get("as"), a.has("into-nonempty")));
      for (String line : report) {
        out.println(line);
      }
      out.println("Restored snapshot " + s.id() + " into " + SnapshotDirectory.maskUrl(realUrl(url)) + ".");
      return 0;
    } catch (SnapshotException e) {
      err.println("dropguard restore: " + e.getMessage());
      return 1;
    } catch (SQLException e) {
      err.println(
          "dropguard restore: cannot connect to " + SnapshotDirectory.maskUrl(realUrl(url)) + ": " + e.getMessage());
      return 1;
    }
  }

  /** Restoring needs the real driver (COPY, DDL); a {@code jdbc:dropguard:} prefix is removed by position. */
  static String realUrl(String url) {
    String prefix = "jdbc:dropguard:";
    return url.regionMatches(true, 0, prefix, 0, prefix.length()) ? "jdbc:" + url.substring(prefix.length()) : url;
  }
}
