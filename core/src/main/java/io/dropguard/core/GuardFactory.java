package io.dropguard.core;

import io.dropguard.core.analysis.SqlAnalyzer;
import io.dropguard.core.audit.AuditLog;
import io.dropguard.core.audit.AuditRecord;
import io.dropguard.core.metrics.GuardMetrics;
import io.dropguard.core.policy.Policy;
import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.PolicyLoader;
import io.dropguard.core.policy.PolicyProblem;
import io.dropguard.core.policy.PolicySet;
import io.dropguard.core.policy.PolicySource;
import io.dropguard.core.policy.RefusalMessages;
import io.dropguard.core.settings.Setting;
import io.dropguard.core.settings.Settings;
import io.dropguard.core.settings.SettingsException;
import io.dropguard.core.settings.SettingsResolver;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Builds the {@link Guard} of a connection from the settings and the connection's identity. */
public final class GuardFactory {
  private static final System.Logger LOG = System.getLogger("io.dropguard");
  private static final GuardFactory SHARED =
      new GuardFactory(
          Analyzer.of(SqlAnalyzer.shared()),
          Guard.Seams.SHARED,
          System::getenv,
          GuardMetrics.global(),
          System::nanoTime,
          PolicySource.CHECK_INTERVAL_NANOS);

  private final Analyzer analyzer;
  private final Guard.Seams seams;
  private final Supplier<Map<String, String>> environment;
  private final GuardMetrics metrics;
  private final LongSupplier nanoTime;
  private final long checkIntervalNanos;
  private final Map<Path, PolicySource> sources = new ConcurrentHashMap<>();
  private final Map<String, AuditLog> audits = new ConcurrentHashMap<>();
  private final AtomicBoolean builtInAnnounced = new AtomicBoolean();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile PolicySet builtIn;

  /** For tests: an analyzer, fake seams, the environment as a map, a meter binding, a clock for reload checks. */
  GuardFactory(
      Analyzer analyzer,
      Guard.Seams seams,
      Supplier<Map<String, String>> environment, GuardMetrics metrics, LongSupplier nanoTime, long checkIntervalNanos) {
    this.analyzer = analyzer;
    this.seams = seams;
    this.environment = environment;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    this.checkIntervalNanos = checkIntervalNanos;
  }

  /** The process-wide factory (policy files are loaded once and reloaded when edited). */
  public static GuardFactory shared() {
    return SHARED;
  }

  /**
   * The guard for a new connection.
   *
   * @param identity what the connection is connected to
   * @param connectionSettings the {@code dropguard.*} connection properties (highest precedence)
   * @throws RefusedException ZG005 when no valid policy governs this connection, or a {@code dropguard.*} setting
   *     is unknown
   */
  public Guard open(ConnectionIdentity identity, Map<String, String> connectionSettings)
      throws RefusedException {
    Settings settings;
    try {
      settings = settings(connectionSettings);
    } catch (SettingsException e) {
      throw badSettings(identity, e);
    }
    return open(identity, settings);
  }

  /**
   * Guards for the connections of one wrapped DataSource, which reuse what they can: see {@link SharedGuards}.
   * System properties are read again at most once per policy check interval, on this factory's clock.
   */
  public SharedGuards sharedGuards() {
    return new SharedGuards(this, nanoTime, checkIntervalNanos);
  }

  /**
   * The settings from {@code connectionSettings}, the system properties, the agent options and the environment.
   *
   * @throws SettingsException when a {@code dropguard.*} setting is unknown or unusable
   */
  Settings settings(Map<String, String> connectionSettings) throws SettingsException {
    return SettingsResolver.resolve(
        connectionSettings, System.getProperties(), SettingsResolver.agentOptions(), environment.get());
  }

  /** ZG005 for settings that do not resolve. */
  static RefusedException badSettings(ConnectionIdentity identity, SettingsException e) {
    return new RefusedException(
        new Refusal(SqlState.NO_VALID_POLICY, RefusalMessages.badSettings(identity, e.getMessage())));
  }

  /**
   * The guard of a connection with already resolved settings.
   *
   * @throws RefusedException ZG005 when no valid policy governs this connection
   */
  Guard open(ConnectionIdentity identity, Settings settings) throws RefusedException {
    for (String w : settings.warnings()) {
      warnOnce("DropGuard (dropguard.on_config_error=warn): " + w + "; the setting is ignored");
    }
    AuditLog audit = audits.computeIfAbsent(auditDestination(settings), d -> AuditLog.of(d, metrics));
    String configured = settings.get(Setting.POLICIES);
    Path path;
    String settingSource;
    if (configured != null && !configured.isBlank()) {
      path = Settings.expandHome(configured.strip());
      settingSource = settings.sourceOf(Setting.POLICIES);
    } else {
      path = settings.stateDir().resolve("policies");
      settingSource = "default location " + Setting.STATE_DIR.key() + "/policies";
      if (!Files.exists(path)) {
        announceBuiltIn(path);
        return builtInGuard(identity, settings, audit);
      }
    }
    PolicySource source =
        sources.computeIfAbsent(
            path.toAbsolutePath().normalize(), p -> new PolicySource(path, nanoTime, checkIntervalNanos));
    boolean warn = "warn".equals(settings.get(Setting.ON_CONFIG_ERROR));
    PolicyBinding.Fallback fallback =
        warn
            ? why -> {
              warnOnce(
                  why
                      + "\nBecause dropguard.on_config_error=warn, this connection is guarded by the built-in default"
                      + " policy instead.");
              return builtIn().select(identity).orElseThrow();
            }
            : why -> null;
    PolicyBinding binding =
        PolicyBinding.of(source, identity, settingSource, fallback, e -> reportReloadError(e, audit, metrics));
    return new Guard(identity, analyzer, binding, settings, audit, metrics, seams);
  }

  private Guard builtInGuard(ConnectionIdentity identity, Settings settings, AuditLog audit) {
    Policy p = builtIn().select(identity).orElseThrow();
    return new Guard(identity, analyzer, PolicyBinding.fixed(p, identity), settings, audit, metrics, seams);
  }

  private PolicySet builtIn() {
    PolicySet b = builtIn;
    if (b == null) {
      b = PolicyLoader.builtIn();
      builtIn = b;
    }
    return b;
  }

  private static String auditDestination(Settings settings) {
    String d = settings.get(Setting.AUDIT);
    if (d == null || d.isBlank() || d.equals("stderr")) {
      return "stderr";
    }
    return Settings.expandHome(d.strip()).toString();
  }

  private void announceBuiltIn(Path wouldHaveRead) {
    if (builtInAnnounced.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "DropGuard: no policy configured (no "
              + wouldHaveRead
              + "; set dropguard.policies or DROPGUARD_POLICIES), so the built-in default policy applies:"
              + " in-memory databases are allowed everything; elsewhere DROP DATABASE, DROP SCHEMA and statements"
              + " that cannot be analysed are blocked, and other destructive statements need confirmation.");
    }
  }

  private void warnOnce(String message) {
    if (warned.add(message)) {
      LOG.log(Level.WARNING, message);
    }
  }

  /** #3: a broken edit is reported loudly (standard error, the audit log, a meter); the last valid one stays. */
  static void reportReloadError(PolicyException e, AuditLog audit, GuardMetrics metrics) {
    metrics.policyReloadError();
    List<String> problems = new ArrayList<>();
    for (PolicyProblem p : e.problems()) {
      problems.add(p.toString());
    }
    LOG.log(
        Level.ERROR,
        "DropGuard: an edited policy file does not load; the last valid version stays in force until it is"
            + " fixed:\n  "
            + String.join("\n  ", problems));
    audit.writeLine(AuditRecord.policyErrorJson(Instant.now(), e.problems().get(0).position().file(), problems));
  }
}
