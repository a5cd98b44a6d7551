package io.dropguard.core.policy;

import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.confirm.ConfirmOptions;
import io.dropguard.core.snapshot.SnapshotOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads policy YAML into {@link Policy} records. Works on snakeyaml-engine's node tree (not on Java maps) so that
 * every value keeps its line and column; reports every problem it finds, not only the first.
 */
public final class PolicyLoader {
  /** Default {@code snapshot.max_rows}: above it a snapshot statement is refused rather than run unprotected. */
  public static final long DEFAULT_MAX_ROWS = 10_000_000L;
  /** Default {@code snapshot.max_bytes}: 10 GB. */
  public static final long DEFAULT_MAX_BYTES = 10L << 30;
  /** Default {@code confirm.ttl}. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  static final String BUILT_IN_SOURCE = "built-in default policy";
  private static final List<String> BUILT_IN_RESOURCES =
      List.of("builtin/00-in-memory.yaml", "builtin/10-default.yaml");

  private static final List<String> TOP_KEYS =
      List.of("name", "match", "mode", "rules", "default", "snapshot", "confirm");
  private static final List<String> MATCH_KEYS = List.of("url", "user", "product", "marker");
  private static final List<String> RULE_KEYS = List.of("when", "tables", "action");
  private static final List<String> SNAPSHOT_KEYS = List.of("store", "path", "max_rows", "max_bytes", "keep");
  private static final List<String> CONFIRM_KEYS = List.of("ttl", "interactive");
  private static final List<String> KIND_IDS =
      Arrays.stream(StatementKind.values()).map(StatementKind::id).collect(Collectors.toList());
  private static final List<String> ACTION_IDS =
      Arrays.stream(Action.values()).map(Action::id).collect(Collectors.toList());

  private PolicyLoader() {}

  /**
   * Loads one policy file; its name in messages is {@code file} as given.
   *
   * @throws PolicyException naming file:line:column for every problem
   */
  public static Policy load(Path file) throws PolicyException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(
          new PolicyProblem(new SourcePosition(file.toString(), 1, 1), "cannot read policy file: " + describe(e)));
    }
    return parse(text, file.toString(), file.toAbsolutePath().getParent());
  }

  /**
   * Parses policy YAML.
   *
   * @param fileName shown in positions and messages
   * @param baseDir relative {@code snapshot.path}s are resolved against it; null to leave them as written
   * @throws PolicyException naming file:line:column for every problem
   */
  public static Policy parse(String text, String fileName, Path baseDir) throws PolicyException {
    FileReader r = new FileReader(fileName, baseDir);
    Policy p = r.read(text);
    if (!r.problems.isEmpty()) {
      throw new PolicyException(r.problems);
    }
    return p;
  }

  /** The policy files of {@code fileOrDir}: the file itself, or the directory's *.yaml/*.yml in name order. */
  public static List<Path> policyFiles(Path fileOrDir) throws IOException {
    if (!Files.isDirectory(fileOrDir)) {
      return List.of(fileOrDir);
    }
    try (Stream<Path> s = Files.list(fileOrDir)) {
      return s.filter(
              f -> {
                String n = f.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(f);
              })
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .collect(Collectors.toList());
    }
  }

  /**
   * Loads a policy file or directory as a whole: one broken file fails all of it, because a connection that
   * the broken file was meant to govern would otherwise fall through to a later, weaker one.
   *
   * @throws PolicyException with every problem of every file
   */
  public static PolicySet loadAll(Path fileOrDir) throws PolicyException {
    String source = fileOrDir.toString();
    if (!Files.exists(fileOrDir)) {
      throw new PolicyException(
          new PolicyProblem(
              new SourcePosition(source, 1, 1),
              "no such file or directory (dropguard.policies names a policy file or a directory of *.yaml files)"));
    }
    List<Path> files;
    try {
      files = policyFiles(fileOrDir);
    } catch (IOException e) {
      throw new PolicyException(
          new PolicyProblem(new SourcePosition(source, 1, 1), "cannot list policy directory: " + describe(e)));
    }
    if (files.isEmpty()) {
      throw new PolicyException(
          new PolicyProblem(
              new SourcePosition(source, 1, 1), "no policy files (*.yaml or *.yml) in this directory"));
    }
    List<Policy> policies = new ArrayList<>();
    List<PolicyProblem> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        policies.add(load(f));
      } catch (PolicyException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return new PolicySet(source, policies, false);
  }

  /** DropGuard's built-in default policy (SPEC), read from its YAML resources by this same loader. */
  public static PolicySet builtIn() {
    List<Policy> policies = new ArrayList<>();
    for (String res : BUILT_IN_RESOURCES) {
      try (InputStream in = PolicyLoader.class.getResourceAsStream(res)) {
        if (in == null) {
          throw new IllegalStateException("DropGuard's jar lacks its resource " + res);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        policies.add(parse(text, "builtin:" + res.substring(res.indexOf('/') + 1), null));
      } catch (IOException | PolicyException e) {
        throw new IllegalStateException("DropGuard's built-in policy " + res + " is broken", e);
      }
    }
    return new PolicySet(BUILT_IN_SOURCE, policies, true);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The reading of one file; collects problems instead of stopping at the first. */
  private static final class FileReader {
    private final String file;
    private final Path baseDir;
    private final List<PolicyProblem> problems = new ArrayList<>();

    FileReader(String file, Path baseDir) {
      this.file = file;
      this.baseDir = baseDir;
    }

    Policy read(String text) {
      LoadSettings settings = LoadSettings.builder().setLabel(file).setParseComments(false).build();
      Optional<Node> root;
      try {
        Iterable<Node> docs = new Compose(settings).composeAllFromString(text);
        List<Node> all = new ArrayList<>();
        docs.forEach(all::add);
        if (all.size() > 1) {
          problem(all.get(1), "one policy per file: this file holds a second YAML document ('---')");
          return null;
        }
        root = all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
      } catch (MarkedYamlEngineException e) {
        Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
        String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
        String ctx = "";
        if (e.getContext() != null) {
          Mark cm = e.getContextMark().orElse(null);
          ctx =
              " ("
                  + e.getContext()
                  + (cm != null && cm != m
                      ? " started at line " + (cm.getLine() + 1) + ", column " + (cm.getColumn() + 1)
                      : "")
                  + ")";
        }
        problems.add(new PolicyProblem(position(m), "YAML syntax error: " + what + ctx));
        return null;
      } catch (YamlEngineException e) {
        problems.add(new PolicyProblem(new SourcePosition(file, 1, 1), "YAML error: " + e.getMessage()));
        return null;
      }
      if (root.isEmpty() || isNull(root.get())) {
        problems.add(
            new PolicyProblem(
                new SourcePosition(file, 1, 1),
                "empty policy file: expected a mapping with at least 'rules:' (see README.md, Writing policies)"));
        return null;
      }
      Map<String, NodeTuple> top = mapping(root.get(), "the policy file", TOP_KEYS);
      if (top == null) {
        return null;
      }
      String name = top.containsKey("name") ? string(top.get("name").getValueNode(), "a policy name") : null;
      if (name == null) {
        String base = Path.of(file).getFileName().toString();
        name = base.replaceFirst("\\.ya?ml$", "");
      }
      ConnectionMatch match = top.containsKey("match") ? match(top.get("match")) : null;
      Mode mode = Mode.ENFORCE;
      if (top.containsKey("mode")) {
        Node n = top.get("mode").getValueNode();
        String m = string(n, "enforce or report");
        if (m != null) {
          mode = Mode.fromId(m).orElse(null);
          if (mode == null) {
            problem(n, "unknown mode '" + m + "' (expected enforce or report)");
            mode = Mode.ENFORCE;
          }
        }
      }
      List<Rule> rules = new ArrayList<>();
      if (!top.containsKey("rules")) {
        problems.add(
            new PolicyProblem(
                position(root.get()),
                "missing 'rules:': a policy needs a list of rules (an empty list 'rules: []' is allowed)"));
      } else {
        rules = rules(top.get("rules").getValueNode());
      }
      Action defaultAction = Action.ALLOW;
      SourcePosition defaultPosition = position(root.get());
      if (top.containsKey("default")) {
        Node n = top.get("default").getValueNode();
        defaultPosition = position(top.get("default").getKeyNode());
        Action a = action(n);
        if (a != null) {
          defaultAction = a;
        }
      }
      SnapshotOptions snapshot =
          new SnapshotOptions(SnapshotOptions.Store.DIRECTORY, null, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES);
      Retention retention = Retention.FOREVER;
      if (top.containsKey("snapshot")) {
        Map<String, NodeTuple> s = mapping(top.get("snapshot").getValueNode(), "'snapshot'", SNAPSHOT_KEYS);
        if (s != null) {
          snapshot = snapshot(s);
          retention = retention(s);
        }
      }
      ConfirmOptions confirm = new ConfirmOptions(DEFAULT_TTL, false);
      if (top.containsKey("confirm")) {
        Map<String, NodeTuple> c = mapping(top.get("confirm").getValueNode(), "'confirm'", CONFIRM_KEYS);
        if (c != null) {
          confirm = confirm(c);
        }
      }
      return new Policy(
          name, file, match, mode, rules, defaultAction, defaultPosition, snapshot, retention, confirm);
    }

    private ConnectionMatch match(NodeTuple t) {
      Map<String, NodeTuple> m = mapping(t.getValueNode(), "'match'", MATCH_KEYS);
      if (m == null) {
        return new ConnectionMatch(List.of(), List.of(), List.of(), null);
      }
      if (m.isEmpty()) {
        problem(
            t.getKeyNode(),
            "an empty 'match' would match every connection: give url, user, product or marker, "
                + "or remove 'match' to make this file a catch-all");
      }
      List<Glob> urls = globs(m.get("url"), true, "a glob over the real JDBC URL, such as \"jdbc:postgresql://db-1*\"");
      List<Glob> users = globs(m.get("user"), false, "a glob over the database user");
      List<Glob> products = globs(m.get("product"), true, "a glob over the database product name, such as PostgreSQL");
      String marker = null;
      if (m.containsKey("marker")) {
        marker = string(m.get("marker").getValueNode(), "the database's identity marker, such as production");
      }
      return new ConnectionMatch(urls, users, products, marker);
    }

    private List<Glob> globs(NodeTuple t, boolean ignoreCase, String expected) {
      if (t == null) {
        return List.of();
      }
      List<Glob> out = new ArrayList<>();
      for (Node n : scalarOrList(t.getValueNode(), expected)) {
        String s = string(n, expected);
        if (s != null) {
          if (s.isEmpty()) {
            problem(n, "empty glob: expected " + expected);
          } else {
            out.add(new Glob(s, ignoreCase));
          }
        }
      }
      return out;
    }

    private List<Rule> rules(Node n) {
      List<Rule> rules = new ArrayList<>();
      if (!(n instanceof SequenceNode)) {
        problem(n, "expected a list of rules ('- when: [...]' lines) for 'rules', got " + typeOf(n));
        return rules;
      }
      int number = 0;
      for (Node item : ((SequenceNode) n).getValue()) {
        number++;
        Rule r = rule(item, number);
        if (r != null) {
          for (Rule earlier : rules) {
            if (r.isCoveredBy(earlier)) {
              problem(
                  item,
                  "rule "
                      + number
                      + " can never match: rule "
                      + earlier.number()
                      + " (line "
                      + earlier.position().line()
                      + ") already covers all its kinds and tables");
              break;
            }
          }
          rules.add(r);
        }
      }
      return rules;
    }

    private Rule rule(Node item, int number) {
      Map<String, NodeTuple> m = mapping(item, "rule " + number, RULE_KEYS);
      if (m == null) {
        return null;
      }
      boolean ok = true;
      Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
      if (!m.containsKey("when")) {
        problem(item, "rule " + number + " has no 'when': expected a list of statement kinds such as [drop_table, truncate]");
        ok = false;
      } else {
        List<Node> ks = scalarOrList(m.get("when").getValueNode(), "a list of statement kinds");
        if (ks.isEmpty() && m.get("when").getValueNode() instanceof SequenceNode) {
          problem(m.get("when").getValueNode(), "an empty 'when' matches nothing: name at least one statement kind");
          ok = false;
        }
        for (Node k : ks) {
          String id = string(k, "a statement kind");
          if (id == null) {
            ok = false;
            continue;
          }
          Optional<StatementKind> kind = StatementKind.fromId(id);
          if (kind.isEmpty()) {
            problem(k, unknown("statement kind", id, KIND_IDS));
            ok = false;
          } else {
            kinds.add(kind.get());
          }
        }
      }
      List<TablePattern> tables = new ArrayList<>();
      if (m.containsKey("tables")) {
        Node tn = m.get("tables").getValueNode();
        List<Node> ts = scalarOrList(tn, "a list of table patterns such as [\"tmp_*\", \"scratch.*\"]");
        if (ts.isEmpty() && tn instanceof SequenceNode) {
          problem(tn, "an empty 'tables' matches no table: remove it to match every table, or name patterns");
          ok = false;
        }
        for (Node t : ts) {
          String s = string(t, "a table pattern such as \"tmp_*\"");
          if (s == null) {
            ok = false;
            continue;
          }
          try {
            tables.add(TablePattern.parse(s));
          } catch (IllegalArgumentException e) {
            problem(t, e.getMessage());
            ok = false;
          }
        }
      }
      Action action = null;
      if (!m.containsKey("action")) {
        problem(item, "rule " + number + " has no 'action': expected one of " + String.join(", ", ACTION_IDS));
        ok = false;
      } else {
        action = action(m.get("action").getValueNode());
        ok &= action != null;
      }
      return ok ? new Rule(number, kinds, tables, action, position(item)) : null;
    }

    private Action action(Node n) {
      String id = string(n, "an action: one of " + String.join(", ", ACTION_IDS));
      if (id == null) {
        return null;
      }
      Optional<Action> a = Action.fromId(id);
      if (a.isEmpty()) {
        problem(n, unknown("action", id, ACTION_IDS));
        return null;
      }
      return a.get();
    }

    private SnapshotOptions snapshot(Map<String, NodeTuple> s) {
      SnapshotOptions.Store store = SnapshotOptions.Store.DIRECTORY;
      if (s.containsKey("store")) {
        Node n = s.get("store").getValueNode();
        String v = string(n, "directory or database");
        if (v != null) {
          if (v.equals("directory")) {
            store = SnapshotOptions.Store.DIRECTORY;
          } else if (v.equals("database")) {
            store = SnapshotOptions.Store.DATABASE;
          } else {
            problem(n, unknown("snapshot store", v, List.of("directory", "database")));
          }
        }
      }
      Path path = null;
      if (s.containsKey("path")) {
        String v = string(s.get("path").getValueNode(), "a directory path");
        if (v != null) {
          path = expandHome(v);
          if (!path.isAbsolute() && baseDir != null) {
            path = baseDir.resolve(path).normalize();
          }
        }
      }
      long maxRows = DEFAULT_MAX_ROWS;
      if (s.containsKey("max_rows")) {
        Node n = s.get("max_rows").getValueNode();
        String v = string(n, "a row count such as 5000000");
        if (v != null) {
          maxRows = Quantities.count(v);
          if (maxRows < 0) {
            problem(n, "expected a row count such as 5000000, got '" + v + "'");
            maxRows = DEFAULT_MAX_ROWS;
          }
        }
      }
      long maxBytes = DEFAULT_MAX_BYTES;
      if (s.containsKey("max_bytes")) {
        Node n = s.get("max_bytes").getValueNode();
        String v = string(n, "a size such as 500MB or 5GB");
        if (v != null) {
          maxBytes = Quantities.size(v);
          if (maxBytes < 0) {
            problem(n, "expected a size such as 500MB or 5GB, got '" + v + "'");
            maxBytes = DEFAULT_MAX_BYTES;
          }
        }
      }
      return new SnapshotOptions(store, path, maxRows, maxBytes);
    }

    private Retention retention(Map<String, NodeTuple> s) {
      if (!s.containsKey("keep")) {
        return Retention.FOREVER;
      }
      Node n = s.get("keep").getValueNode();
      String v = string(n, "a duration such as 30d or a count such as 10");
      if (v == null) {
        return Retention.FOREVER;
      }
      Duration d = Quantities.duration(v);
      if (d != null) {
        return new Retention(d, null);
      }
      long c = Quantities.count(v);
      if (c > 0 && c <= Integer.MAX_VALUE) {
        return new Retention(null, (int) c);
      }
      problem(n, "expected a duration such as 30d or a count such as 10 for 'keep', got '" + v + "'");
      return Retention.FOREVER;
    }

    private ConfirmOptions confirm(Map<String, NodeTuple> c) {
      Duration ttl = DEFAULT_TTL;
      if (c.containsKey("ttl")) {
        Node n = c.get("ttl").getValueNode();
        String v = string(n, "a duration such as 10m");
        if (v != null) {
          Duration d = Quantities.duration(v);
          if (d == null) {
            problem(n, "expected a duration such as 30s, 10m, 2h or 30d, got '" + v + "'");
          } else {
            ttl = d;
          }
        }
      }
      boolean interactive = false;
      if (c.containsKey("interactive")) {
        Node n = c.get("interactive").getValueNode();
        String v = string(n, "true or false");
        if (v != null) {
          if (v.equals("true") || v.equals("false")) {
            interactive = v.equals("true");
          } else {
            problem(n, "expected true or false for 'interactive', got '" + v + "'");
          }
        }
      }
      return new ConfirmOptions(ttl, interactive);
    }

    /** The keys of a mapping node, checked: scalar keys, no duplicates, only {@code allowed} keys. */
    private Map<String, NodeTuple> mapping(Node n, String what, List<String> allowed) {
      if (!(n instanceof MappingNode)) {
        problem(n, "expected a mapping (key: value lines) for " + what + ", got " + typeOf(n));
        return null;
      }
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : ((MappingNode) n).getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode)) {
          problem(k, "expected a plain key in " + what + ", got " + typeOf(k));
          continue;
        }
        String key = ((ScalarNode) k).getValue();
        NodeTuple first = out.get(key);
        if (first != null) {
          problem(
              k,
              "duplicate key '" + key + "' (already given at line " + position(first.getKeyNode()).line() + ")");
          continue;
        }
        if (!allowed.contains(key)) {
          String s = Suggestions.closest(key, allowed);
          problem(
              k,
              "unknown key '"
                  + key
                  + "'"
                  + (s != null
                      ? ", did you mean '" + s + "'?"
                      : " (expected one of: " + String.join(", ", allowed) + ")"));
          continue;
        }
        out.put(key, t);
      }
      return out;
    }

    private List<Node> scalarOrList(Node n, String expected) {
      if (n instanceof SequenceNode) {
        return ((SequenceNode) n).getValue();
      }
      if (n instanceof ScalarNode && !isNull(n)) {
        return List.of(n);
      }
      problem(n, "expected " + expected + ", got " + typeOf(n));
      return List.of();
    }

    private String string(Node n, String expected) {
      if (n instanceof ScalarNode && !isNull(n)) {
        return ((ScalarNode) n).getValue();
      }
      problem(n, "expected " + expected + ", got " + typeOf(n));
      return null;
    }

    private void problem(Node n, String message) {
      problems.add(new PolicyProblem(position(n), message));
    }

    private SourcePosition position(Node n) {
      return position(n.getStartMark().orElse(null));
    }

    private SourcePosition position(Mark m) {
      return m == null ? new SourcePosition(file, 1, 1) : new SourcePosition(file, m.getLine() + 1, m.getColumn() + 1);
    }
  }

  private static boolean isNull(Node n) {
    if (!(n instanceof ScalarNode)) {
      return false;
    }
    ScalarNode s = (ScalarNode) n;
    return s.isPlain() && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"));
  }

  private static String typeOf(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(n)) {
      return "nothing";
    }
    return "'" + ((ScalarNode) n).getValue() + "'";
  }

  private static String unknown(String what, String typed, List<String> known) {
    String s = Suggestions.closest(typed, known);
    return "unknown "
        + what
        + " '"
        + typed
        + "'"
        + (s != null ? ", did you mean '" + s + "'?" : " (expected one of: " + String.join(", ", known) + ")");
  }

  static Path expandHome(String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return Path.of(p);
  }

}
