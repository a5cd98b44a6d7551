package io.dropguard.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code dropguard demo}: the pilot reset incident, replayed on an embedded H2 database, first without DropGuard
 * and then with its agent attached under the production example policy. Its output is the same on every run; it
 * leaves its files in {@code ./dropguard-demo} (or {@code --dir D}) and says so.
 */
final class DemoCommand {
  static final String USAGE = "usage: dropguard demo [--dir D]   (default D: ./dropguard-demo, emptied first)";
  private static final Pattern SNAPSHOT_ID = Pattern.compile("\"snapshot_id\":\"([^\"]+)\"");
  private static final Pattern AUDIT_STATEMENT = Pattern.compile("\"statement\":\"([^\"]*)\"");
  private static final Pattern AUDIT_ACTION = Pattern.compile("\"action\":\"([^\"]*)\"");
  private static final Pattern AUDIT_OUTCOME = Pattern.compile("\"outcome\":\"([^\"]*)\"");

  private DemoCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path dir = Path.of("dropguard-demo");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--dir") && i + 1 < args.length) {
        dir = Path.of(args[++i]);
      } else {
        err.println(USAGE);
        return 2;
      }
    }
    try {
      return new Demo(dir.toAbsolutePath().normalize(), DemoFiles.locate(), out, err).run();
    } catch (DemoException e) {
      err.println("dropguard demo: " + e.getMessage());
      return 1;
    }
  }

  /** A step that could not be carried out; the message says what to do. */
  static final class DemoException extends Exception {
    private static final long serialVersionUID = 1L;

    DemoException(String message) {
      super(message);
    }

    DemoException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One run of the demo. */
  private static final class Demo {
    private final Path dir;
    private final DemoFiles files;
    private final PrintStream out;
    private final PrintStream err;

    Demo(Path dir, DemoFiles files, PrintStream out, PrintStream err) {
      this.dir = dir;
      this.files = files;
      this.out = out;
      this.err = err;
    }

    int run() throws DemoException {
      Path server = dir.resolve("server");
      Path copy = dir.resolve("unguarded-copy");
      Path policies = dir.resolve("policies");
      Path audit = dir.resolve("audit.log");
      prepare(server, copy, policies);

      out.println("DropGuard demo: the pilot reset incident, replayed on an embedded H2 database.");
      out.println();
      step(1, "The \"hybrid\" server: years of readings nobody can replace.");
      try {
        DemoDatabase.create(server);
      } catch (SQLException e) {
        throw new DemoException("could not create the demo database in " + server + ": " + e.getMessage(), e);
      }
      Map<String, Long> before = counts(server);
      out.println("   " + DemoDatabase.describe(before));
      cli(new String[] {"mark", "--url", DemoDatabase.url(server), "--user", "sa", "--as", "production"});
      out.println("   $ dropguard mark --url jdbc:h2:./hybrid --as production   (the database now says what it is)");
      copyDatabase(server, copy);
      out.println();

      step(2, "Without DropGuard: the pilot reset script runs on a copy of the server.");
      runScript(copy, List.of());
      Map<String, Long> unguarded = counts(copy);
      out.println("   afterwards: " + DemoDatabase.describe(unguarded));
      out.println("   No warning, no confirmation, no backup: everything is gone.");
      out.println();

      step(3, "With DropGuard: the same script, unchanged, with the agent attached (policies/10-production.yaml).");
      List<String> agent =
          List.of(
              "-javaagent:" + files.agentJar() + "=policies=" + policies + ",audit=" + audit + ",state_dir="
                  + dir.resolve("state"));
      runScript(server, agent);
      Map<String, Long> guarded = counts(server);
      out.println("   afterwards: " + DemoDatabase.describe(guarded));
      for (String line : auditSummary(audit)) {
        out.println("   audit: " + line);
      }
      out.println("   DELETE stopped until a person confirms it, DROP refused, TRUNCATE run after a snapshot.");
      out.println();

      step(4, "Restore: the truncated table comes back from its snapshot.");
      String snapshotId = snapshotIdOfTruncate(audit);
      cli(
          new String[] {
            "restore", snapshotId, "--dir", dir.resolve("snapshots").toString(), "--url", DemoDatabase.url(server),
            "--user", "sa", "--table", "readings", "--into-nonempty"
          });
      out.println("   $ dropguard restore <the TRUNCATE's snapshot id> --table readings");
      Map<String, Long> restored = counts(server);
      out.println("   afterwards: " + DemoDatabase.describe(restored));
      boolean match = restored.equals(before);
      out.println(
          match
              ? "   Every table has the row count it had before the script ran."
              : "   Row counts differ from before the script ran: " + DemoDatabase.describe(before));
      out.println();
      out.println("Audit log (one JSON line per destructive statement): " + dir.relativize(audit));
      out.println("Files left in " + display(dir) + " (delete it when done; the next run empties it).");
      return match ? 0 : 1;
    }

    private void step(int n, String text) {
      out.println(n + ". " + text);
    }

    private void prepare(Path server, Path copy, Path policies) throws DemoException {
      try {
        deleteTree(dir);
        Files.createDirectories(server);
        Files.createDirectories(copy);
        Files.createDirectories(policies);
        String production = files.productionPolicy();
        // The example governs pilot-prod by URL; the demo's server is known by its marker instead, and keeps its
        // snapshots beside it.
        String demoPolicy =
            production
                .replaceFirst("(?m)^  url: .*$", "  marker: production")
                .replaceFirst("(?m)^  path: .*$", "  path: " + dir.resolve("snapshots"));
        Files.writeString(policies.resolve("10-production.yaml"), demoPolicy);
      } catch (IOException e) {
        throw new DemoException("could not prepare " + dir + ": " + e.getMessage(), e);
      }
    }

    private Map<String, Long> counts(Path where) throws DemoException {
      try {
        return DemoDatabase.counts(DemoDatabase.url(where));
      } catch (SQLException e) {
        throw new DemoException("could not count rows in " + where + ": " + e.getMessage(), e);
      }
    }

    private void cli(String[] args) throws DemoException {
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8);
      int code = Main.run(args, p, p);
      if (code != 0) {
        throw new DemoException(
            "'dropguard " + String.join(" ", args) + "' failed:\n" + captured.toString(StandardCharsets.UTF_8));
      }
    }

    private void copyDatabase(Path from, Path to) throws DemoException {
      try {
        Files.copy(from.resolve("hybrid.mv.db"), to.resolve("hybrid.mv.db"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new DemoException("could not copy the demo database: " + e.getMessage(), e);
      }
    }

    /** Runs the unchanged script in {@code cwd} (its URL is relative), printing its own lines. */
    private void runScript(Path cwd, List<String> jvmOptions) throws DemoException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.add("-jar");
      cmd.add(files.scriptJar().toString());
      Path stderr = cwd.resolve("script.stderr.log");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(false)
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        String stdout;
        try (InputStream in = p.getInputStream()) {
          stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new DemoException("the pilot reset script did not finish within 2 minutes");
        }
        out.println("   $ java " + (jvmOptions.isEmpty() ? "" : "-javaagent:dropguard-agent.jar=... ")
            + "-jar pilot-reset.jar");
        stdout.lines().forEach(l -> out.println("   " + l));
        if (p.exitValue() != 0) {
          throw new DemoException(
              "the pilot reset script failed (exit " + p.exitValue() + "); its standard error is in " + stderr);
        }
      } catch (IOException e) {
        throw new DemoException("could not start the pilot reset script: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoException("interrupted while the pilot reset script ran");
      }
    }

    /** One line per audit record: statement, action and outcome (no times or ids, so every run reads the same). */
    private List<String> auditSummary(Path audit) throws DemoException {
      List<String> lines = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(audit)) {
          Matcher st = AUDIT_STATEMENT.matcher(line);
          Matcher ac = AUDIT_ACTION.matcher(line);
          Matcher oc = AUDIT_OUTCOME.matcher(line);
          if (st.find() && ac.find() && oc.find()) {
            lines.add(String.format(java.util.Locale.ROOT, "%-28s action %-8s -> %s", st.group(1), ac.group(1), oc.group(1)));
          }
        }
      } catch (IOException e) {
        throw new DemoException("could not read the audit log " + audit + ": " + e.getMessage(), e);
      }
      return lines;
    }

    private String snapshotIdOfTruncate(Path audit) throws DemoException {
      try {
        for (String line : Files.readAllLines(audit)) {
          if (line.contains("TRUNCATE")) {
            Matcher m = SNAPSHOT_ID.matcher(line);
            if (m.find()) {
              return m.group(1);
            }
          }
        }
      } catch (IOException e) {
        throw new DemoException("could not read the audit log " + audit + ": " + e.getMessage(), e);
      }
      throw new DemoException("the audit log " + audit + " records no snapshot of the TRUNCATE");
    }

    private String display(Path p) {
      Path cwd = Path.of("").toAbsolutePath();
      return p.startsWith(cwd) ? "./" + cwd.relativize(p) : p.toString();
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Where the demo finds the agent, the script and the example policy of a built checkout. */
  record DemoFiles(Path home) {
    static DemoFiles locate() throws DemoException {
      String given = System.getProperty("dropguard.home");
      if (given != null) {
        return check(Path.of(given));
      }
      Path here;
      try {
        here = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException | SecurityException e) {
        throw new DemoException("cannot tell where dropguard.jar is; run with -Ddropguard.home=<checkout>");
      }
      for (Path p = here; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("agent/target/dropguard-agent.jar"))) {
          return check(p);
        }
      }
      throw new DemoException(
          "the demo needs a built checkout (agent/target/dropguard-agent.jar was not found above " + here + ").\n"
              + "Build it first: mvn -B -q package -DskipTests");
    }

    private static DemoFiles check(Path home) throws DemoException {
      DemoFiles f = new DemoFiles(home.toAbsolutePath().normalize());
      for (Path p : List.of(f.agentJar(), f.scriptJar(), f.home.resolve("policies/10-production.yaml"))) {
        if (!Files.isRegularFile(p)) {
          throw new DemoException(p + " is missing. Build the checkout first: mvn -B -q package -DskipTests");
        }
      }
      return f;
    }

    Path agentJar() {
      return home.resolve("agent/target/dropguard-agent.jar");
    }

    Path scriptJar() {
      return home.resolve("demo-script/target/pilot-reset.jar");
    }

    String productionPolicy() throws IOException {
      return Files.readString(home.resolve("policies/10-production.yaml"));
    }
  }
}
