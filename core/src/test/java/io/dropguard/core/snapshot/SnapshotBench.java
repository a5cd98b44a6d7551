package io.dropguard.core.snapshot;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * [#5] Snapshot and restore of a 1,000,000-row PostgreSQL table, next to {@code pg_dump -t} and a {@code psql}
 * restore of the same table, in the same run. Run with {@code bench/scripts/snapshot-vs-pgdump.sh}; arguments:
 * rows (default 1000000), rounds (default 3). Reports medians and the ratios DropGuard / pg_dump.
 */
public final class SnapshotBench {
  private SnapshotBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    TestDatabase db = TestDatabase.POSTGRES;
    String table = TestDatabase.uniqueName("bench");
    Path work = Files.createTempDirectory("dropguard-bench");
    List<Double> snap = new ArrayList<>();
    List<Double> restore = new ArrayList<>();
    List<Double> dump = new ArrayList<>();
    List<Double> psql = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.credentials())) {
      Fixture.Context ctx = new Fixture.Context(c, db.url(), db);
      String create =
          "CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2),"
              + " created timestamptz, active boolean, ref uuid)";
      Fixture.exec(c, create,
          "INSERT INTO " + table + " SELECT g, 'customer ' || g, (g % 100000) / 100.0,"
              + " timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
              + " md5(g::text)::uuid FROM generate_series(1, " + rows + ") g",
          "VACUUM ANALYZE " + table);
      List<String> reference = Fixture.contents(c, "(SELECT md5(string_agg(t::text, ',' ORDER BY id)) h FROM " + table + " t) x", "h");
      for (int r = 0; r < rounds; r++) {
        Path dir = work.resolve("snap" + r);
        long t0 = System.nanoTime();
        String id =
            Snapshots.service().take(ctx, Fixture.identity(db.url(), Dialect.POSTGRES), "DROP TABLE " + table,
                List.of(Fixture.finding(StatementKind.DROP_TABLE, table)), Fixture.options(dir));
        snap.add(seconds(t0));
        Fixture.exec(c, "DROP TABLE " + table);
        t0 = System.nanoTime();
        Restorer.restore(new SnapshotDirectory(dir).find(id).orElseThrow(), c, new Restorer.Request(null, null, false));
        restore.add(seconds(t0));
        check(c, table, reference, "DropGuard restore");

        Path file = work.resolve("dump" + r + ".sql");
        t0 = System.nanoTime();
        run("pg_dump", "-h", "127.0.0.1", "-U", db.user(), "-d", "test", "-t", table, "-f", file.toString());
        dump.add(seconds(t0));
        Fixture.exec(c, "DROP TABLE " + table);
        t0 = System.nanoTime();
        run("psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", db.user(), "-d", "test", "-f", file.toString());
        psql.add(seconds(t0));
        check(c, table, reference, "psql restore");
      }
      Fixture.exec(c, "DROP TABLE IF EXISTS " + table);
    }
    double s = median(snap);
    double d = median(dump);
    double rs = median(restore);
    double p = median(psql);
    System.out.printf(Locale.ROOT, "rows=%d rounds=%d (medians, seconds)%n", rows, rounds);
    System.out.printf(Locale.ROOT, "snapshot  DropGuard %.2f   pg_dump -t %.2f   ratio %.2f%n", s, d, s / d);
    System.out.printf(Locale.ROOT, "restore   DropGuard %.2f   psql -f    %.2f   ratio %.2f%n", rs, p, rs / p);
    System.out.println("all rounds: snapshot " + snap + " pg_dump " + dump + " restore " + restore + " psql " + psql);
  }

  private static void check(Connection c, String table, List<String> reference, String what) throws Exception {
    List<String> now = Fixture.contents(c, "(SELECT md5(string_agg(t::text, ',' ORDER BY id)) h FROM " + table + " t) x", "h");
    if (!now.equals(reference)) {
      throw new AssertionError(what + " did not bring back the same rows");
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }
}
