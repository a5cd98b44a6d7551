package io.dropguard.core;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.audit.AuditLog;
import io.dropguard.core.audit.AuditRecord;
import io.dropguard.core.audit.Host;
import io.dropguard.core.audit.UrlMask;
import io.dropguard.core.confirm.ConfirmRequest;
import io.dropguard.core.confirm.Confirmation;
import io.dropguard.core.confirm.Confirmations;
import io.dropguard.core.confirm.ConfirmSettings;
import io.dropguard.core.confirm.Confirmer;
import io.dropguard.core.confirm.RowCounts;
import io.dropguard.core.metrics.GuardMetrics;
import io.dropguard.core.policy.Action;
import io.dropguard.core.policy.Decision;
import io.dropguard.core.policy.Mode;
import io.dropguard.core.policy.Outcome;
import io.dropguard.core.policy.Policy;
import io.dropguard.core.policy.PolicyDecider;
import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.RefusalMessages;
import io.dropguard.core.settings.Setting;
import io.dropguard.core.settings.Settings;
import io.dropguard.core.snapshot.SnapshotException;
import io.dropguard.core.snapshot.SnapshotOptions;
import io.dropguard.core.snapshot.SnapshotService;
import io.dropguard.core.snapshot.Snapshots;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One per guarded connection: decides whether SQL may reach the database. Thread-safe.
 *
 * <p>A non-destructive statement costs one analysis (a cache lookup for repeated SQL) and a timer record;
 * policies are consulted only for destructive statements.
 */
public final class Guard {
  private static final System.Logger LOG = System.getLogger("io.dropguard");
  static final int AUDIT_STATEMENT_CHARS = 4000;

  private final ConnectionIdentity identity;
  private final Dialect dialect;
  private final Analyzer analyzer;
  private final PolicyBinding binding;
  private final Settings settings;
  private final AuditLog audit;
  private final GuardMetrics metrics;
  private final Seams seams;
  // [audit] What every audit record of this connection repeats, worked out once: the masked URL at the first
  // record (a connection that records nothing pays nothing; a racing thread computes the same string).
  private String auditDatabase;
  private final long auditPid;

  /** Where snapshots and confirmations come from (the process-wide services; tests give fakes). */
  record Seams(Supplier<SnapshotService> snapshots, Function<Settings, Confirmer> confirmer) {
    static final Seams SHARED =
        new Seams(
            Snapshots::service,
            s ->
                Confirmations.confirmer(
                    ConfirmSettings.of(s.get(Setting.STATE_DIR), s.get(Setting.CONFIRM_SECRET))));
  }

  Guard(
      ConnectionIdentity identity,
      Analyzer analyzer,
      PolicyBinding binding,
      Settings settings,
      AuditLog audit,
      GuardMetrics metrics,
      Seams seams) {
    this.seams = seams;
    this.identity = identity;
    this.dialect = identity.dialect() == null ? Dialect.GENERIC : identity.dialect();
    this.analyzer = analyzer;
    this.binding = binding;
    this.settings = settings;
    this.audit = audit;
    this.metrics = metrics;
    this.auditPid = Host.pid();
  }

  public ConnectionIdentity identity() {
    return identity;
  }

  /** The connection's resolved settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * The policy governing this connection now (after a reload when a file changed).
   *
   * @throws RefusedException ZG005 when no valid policy governs it any more
   */
  public Policy policy() throws RefusedException {
    return binding.current(this::reloadError);
  }

  /**
   * Decides one SQL string (which may hold several statements) before any of it runs. Returns normally when it
   * may run (after any snapshot it needed was taken).
   *
   * @throws RefusedException when no part of it may run: ZG001 blocked, ZG002 confirmation required, ZG003
   *     snapshot failed, ZG004 not analysable and blocked, ZG005 no valid policy any more
   */
  public void admit(String sql, StatementContext context) throws RefusedException {
    if (scannedHarmless(sql)) {
      return;
    }
    Analysis a = analyze(sql);
    if (!a.isDestructive()) {
      return;
    }
    decide(List.of(a), context);
  }

  /**
   * Decides a batch as a whole: when any entry is refused, none may run; snapshots are taken only after every
   * entry passed the block and confirmation checks.
   *
   * @throws RefusedException when no part of the batch may run (SQLStates as {@link #admit})
   */
  public void admitAll(List<String> sqls, StatementContext context) throws RefusedException {
    List<Analysis> analyses = null;
    boolean destructive = false;
    for (int i = 0; i < sqls.size(); i++) {
      if (!destructive && scannedHarmless(sqls.get(i))) {
        continue;
      }
      Analysis a = analyze(sqls.get(i));
      if (a.isDestructive() && !destructive) {
        destructive = true;
        analyses = new ArrayList<>(sqls.size());
        for (int j = 0; j < i; j++) {
          analyses.add(analyze(sqls.get(j)));
        }
      }
      if (destructive) {
        analyses.add(a);
      }
    }
    if (destructive) {
      decide(analyses, context);
    }
  }

  /**
   * The early decision when a statement is prepared: refuses only what will certainly be refused when it runs
   * (blocked, not analysable, no valid policy). It asks for no confirmation, takes no snapshot and records nothing
   * unless it refuses, so a token presented before {@code prepareStatement} is still there at execution, which
   * must call {@link #admit} (or {@link #admitAll}) as usual.
   *
   * @return true when the statement is certainly harmless: its executions need no decision (the caller may skip
   *     {@link #admit} for this exact text)
   * @throws RefusedException ZG001 blocked, ZG004 not analysable and blocked, ZG005 no valid policy any more
   */
  public boolean precheck(String sql, StatementContext context) throws RefusedException {
    if (scannedHarmless(sql)) {
      return true;
    }
    Analysis a = analyze(sql);
    if (!a.isDestructive()) {
      // from the cache now, unless the text executes a prepared name (never cached: its verdict can change)
      return analyzer.certainlyHarmless(sql, dialect);
    }
    decide(List.of(a), context, true);
    return false;
  }

  /** The analyzer's check without analysis (cache, one-pass scan), timed as an analysis when it settles it. */
  private boolean scannedHarmless(String sql) {
    if (!metrics.active()) {
      return analyzer.certainlyHarmless(sql, dialect);
    }
    long t0 = System.nanoTime();
    boolean harmless = analyzer.certainlyHarmless(sql, dialect);
    if (harmless) {
      metrics.analysis(System.nanoTime() - t0);
    }
    return harmless;
  }

  private Analysis analyze(String sql) {
    if (!metrics.active()) {
      return analyzer.analyze(sql, dialect);
    }
    long t0 = System.nanoTime();
    Analysis a = analyzer.analyze(sql, dialect);
    metrics.analysis(System.nanoTime() - t0);
    return a;
  }

  /** One destructive statement of the string or batch, with its 1-based position among all statements. */
  private static final class Part {
    final StatementAnalysis statement;
    final int number;
    Decision decision;
    Outcome outcome = Outcome.NOT_RUN;
    String snapshotId;
    Confirmation confirmation;
    String reason;

    Part(StatementAnalysis statement, int number) {
      this.statement = statement;
      this.number = number;
    }
  }

  private void decide(List<Analysis> analyses, StatementContext context) throws RefusedException {
    decide(analyses, context, context.preparing());
  }

  private void decide(List<Analysis> analyses, StatementContext context, boolean precheckOnly)
      throws RefusedException {
    List<Part> parts = new ArrayList<>();
    int total = 0;
    for (Analysis a : analyses) {
      for (StatementAnalysis s : a.statements()) {
        total++;
        if (s.isDestructive()) {
          parts.add(new Part(s, total));
        }
      }
    }
    Policy policy;
    try {
      policy = binding.current(this::reloadError);
    } catch (RefusedException e) {
      for (Part p : parts) {
        p.outcome = Outcome.NO_POLICY;
        p.reason = "no valid policy for this connection";
      }
      record(parts, null);
      throw e;
    }
    Supplier<String> schema = currentSchema(context);
    for (Part p : parts) {
      p.decision = PolicyDecider.decide(policy, p.statement, dialect, schema);
    }
    if (policy.mode() == Mode.REPORT) {
      if (precheckOnly) {
        return; // [#4] recorded when it runs, not also when it is prepared
      }
      for (Part p : parts) {
        p.outcome = Outcome.REPORTED;
      }
      record(parts, policy);
      return;
    }
    for (Part p : parts) {
      if (p.decision.action() == Action.BLOCK) {
        boolean unparseable = p.decision.finding().kind() == StatementKind.UNPARSEABLE;
        p.outcome = Outcome.BLOCKED;
        refuse(
            parts,
            policy,
            unparseable ? SqlState.UNANALYZABLE : SqlState.BLOCKED,
            RefusalMessages.blocked(p.decision, identity, p.number, total));
      }
    }
    if (precheckOnly) {
      // [#4] Prepare time: only a block is final. A confirmation (a token may still be presented) and a snapshot
      // (the data may still change) are decided right before the statement runs, and recorded then.
      return;
    }
    confirmAll(parts, policy, context, total);
    for (Part p : parts) {
      if (p.decision.action() == Action.SNAPSHOT) {
        try {
          p.snapshotId =
              seams.snapshots().get()
                  .take(context, identity, p.statement.text(), p.statement.findings(), snapshotOptions(policy));
        } catch (SnapshotException | RuntimeException e) {
          // A snapshot service that fails in an unexpected way has not protected the data either.
          String reason =
              e instanceof SnapshotException ? e.getMessage() : "unexpected error while taking the snapshot: " + e;
          p.outcome = Outcome.SNAPSHOT_FAILED;
          p.reason = reason;
          refuse(
              parts,
              policy,
              SqlState.SNAPSHOT_FAILED,
              RefusalMessages.snapshotFailed(p.decision, identity, p.number, total, reason));
        }
      }
    }
    for (Part p : parts) {
      switch (p.decision.action()) {
        case SNAPSHOT:
          p.outcome = Outcome.SNAPSHOT_TAKEN;
          break;
        case CONFIRM:
          p.outcome = Outcome.CONFIRMED;
          break;
        case LOG:
          p.outcome = Outcome.ALLOWED;
          LOG.log(
              Level.WARNING,
              "DropGuard: "
                  + RefusalMessages.words(p.decision.finding().kind())
                  + " allowed with a warning by policy \""
                  + policy.name()
                  + "\" ("
                  + p.decision.ruleLocation()
                  + ") on "
                  + UrlMask.mask(identity.realUrl())
                  + ": "
                  + RefusalMessages.bounded(p.statement.text(), 200));
          break;
        default:
          p.outcome = Outcome.ALLOWED;
      }
    }
    record(parts, policy);
  }

  /**
   * [#6] Confirms every part that needs it in one step, so that a token is used up only when the whole string or
   * batch may run: a refused batch can be fixed and retried with the same tokens.
   */
  private void confirmAll(List<Part> parts, Policy policy, StatementContext context, int total)
      throws RefusedException {
    List<Part> needing = new ArrayList<>();
    for (Part p : parts) {
      if (p.decision.action() == Action.CONFIRM) {
        needing.add(p);
      }
    }
    if (needing.isEmpty()) {
      return;
    }
    String token = context.presentedToken();
    String how = null;
    if (token != null) {
      how = ConfirmRequest.HOW_API;
    } else {
      token = confirmSetting();
      if (token != null) {
        how = ConfirmRequest.HOW_SETTING;
      }
    }
    Function<ObjectName, Long> rowCounts = RowCounts.cheap(context.rawConnection(), dialect);
    List<ConfirmRequest> requests = new ArrayList<>(needing.size());
    for (Part p : needing) {
      requests.add(
          new ConfirmRequest(
              p.statement,
              identity,
              policy.name(),
              p.decision.ruleLocation(),
              token,
              how,
              policy.confirm(),
              rowCounts));
    }
    List<Confirmation> answers;
    try {
      answers = seams.confirmer().apply(settings).confirmAll(requests);
    } catch (RuntimeException e) {
      answers = List.of(); // every part below is then unconfirmed, with the cause
      for (Part p : needing) {
        p.confirmation = new Confirmation(false, null, null, "confirmation failed: " + e);
      }
    }
    boolean apiTokenUsed = false;
    for (int i = 0; i < needing.size(); i++) {
      Part p = needing.get(i);
      if (p.confirmation == null) {
        Confirmation c = i < answers.size() ? answers.get(i) : null;
        p.confirmation = c != null ? c : new Confirmation(false, null, null, "the confirmer gave no answer");
      }
      apiTokenUsed |= p.confirmation.confirmed() && ConfirmRequest.HOW_API.equals(p.confirmation.how());
    }
    for (Part p : needing) {
      if (!p.confirmation.confirmed()) {
        p.outcome = Outcome.CONFIRMATION_REQUIRED;
        refuse(
            parts,
            policy,
            SqlState.CONFIRMATION_REQUIRED,
            RefusalMessages.confirmationRequired(
                p.decision, identity, p.number, total, p.confirmation.explanation()));
      }
    }
    if (apiTokenUsed) {
      context.tokenConsumed();
    }
  }

  /**
   * The {@code dropguard.confirm} token: a connection property is fixed for the connection; otherwise a system
   * property is read now, so that a program (or a person in a debugger) can set it before one statement.
   */
  private String confirmSetting() {
    if (settings.isSet(Setting.CONFIRM) && settings.sourceOf(Setting.CONFIRM).startsWith("connection")) {
      return settings.get(Setting.CONFIRM);
    }
    String live = System.getProperty(Setting.CONFIRM.key());
    if (live != null && !live.isBlank()) {
      return live;
    }
    return settings.get(Setting.CONFIRM);
  }

  private SnapshotOptions snapshotOptions(Policy policy) {
    SnapshotOptions o = policy.snapshot();
    // [#5] the policy's keep: drives pruning after each snapshot
    io.dropguard.core.policy.Retention r = policy.retention();
    io.dropguard.core.snapshot.Retention keep =
        r == null ? io.dropguard.core.snapshot.Retention.FOREVER : io.dropguard.core.snapshot.Retention.of(r.age(), r.count());
    return new SnapshotOptions(
        o.store(), o.path() != null ? o.path() : settings.stateDir().resolve("snapshots"), o.maxRows(), o.maxBytes(),
        keep);
  }

  private void refuse(List<Part> parts, Policy policy, SqlState state, String message) throws RefusedException {
    record(parts, policy);
    throw new RefusedException(new Refusal(state, message));
  }

  private void record(List<Part> parts, Policy policy) {
    Mode mode = policy == null ? Mode.ENFORCE : policy.mode();
    String database = auditDatabase;
    if (database == null) {
      database = UrlMask.mask(identity.realUrl());
      auditDatabase = database;
    }
    String host = Host.name(); // looked up once per process
    for (Part p : parts) {
      Decision d = p.decision;
      Action action = d != null ? d.action() : Action.BLOCK;
      StatementKind kind = d != null ? d.finding().kind() : p.statement.findings().get(0).kind();
      metrics.statement(kind, action, p.outcome, mode);
      Confirmation c = p.confirmation;
      String reason = p.reason != null ? p.reason : d != null ? d.finding().reason() : null;
      audit.write(
          new AuditRecord(
              Instant.now(),
              database,
              policy != null ? policy.name() : null,
              d != null ? d.ruleLocation() : null,
              identity.user(),
              host,
              auditPid,
              RefusalMessages.bounded(p.statement.text(), AUDIT_STATEMENT_CHARS),
              RefusalMessages.kindIds(p.statement),
              RefusalMessages.targets(p.statement),
              action.id(),
              p.outcome.id(),
              mode.id(),
              p.snapshotId,
              c != null ? c.tokenId() : null,
              c != null && c.confirmed() ? c.how() : null,
              c != null && c.confirmed() ? c.confirmedBy() : null,
              reason));
    }
  }

  private Supplier<String> currentSchema(StatementContext context) {
    return () -> {
      try {
        Connection c = context.rawConnection();
        if (c == null) {
          return null;
        }
        if (dialect == Dialect.POSTGRES && searchPathHasSeveralSchemas(c)) {
          // an unqualified name resolves through the whole search_path, not only its first schema
          // (SET search_path = scratch, public; DROP TABLE t drops public.t when scratch has no t): unknown
          return null;
        }
        String s = c.getSchema();
        return s != null ? s : c.getCatalog();
      } catch (SQLException | RuntimeException | AbstractMethodError e) {
        return null;
      }
    };
  }

  /** Whether more than one existing schema is on PostgreSQL's search_path (an error counts as yes: fail closed). */
  private static boolean searchPathHasSeveralSchemas(Connection c) {
    try (java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT cardinality(current_schemas(false))")) {
      return !rs.next() || rs.getInt(1) != 1;
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  private void reloadError(PolicyException e) {
    GuardFactory.reportReloadError(e, audit, metrics);
  }
}
