package io.dropguard.core.confirm;

import io.dropguard.core.analysis.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The confirmer: checks and uses up presented tokens, or asks at the terminal, or issues tokens. Thread-safe;
 * never throws; fails closed (anything it cannot check is not confirmed).
 *
 * <p>A request is decided in two steps, so that a batch is all or nothing: first every presented token is
 * checked without using it up (and the terminal asked, when every token passed), then all the tokens are
 * recorded as used in one locked step.
 */
final class TokenConfirmer implements Confirmer {
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  static final String USED = "used-tokens";
  static final String ISSUED = "issued-tokens";
  private static final System.Logger LOG = System.getLogger(TokenConfirmer.class.getName());
  private static final String HOST = hostName();

  private final ConfirmSettings settings;
  private final Supplier<Terminal> terminals;
  private final TokenLedger used;
  private final TokenLedger issued;
  private volatile ConfirmationTokens tokens;

  /** One request on its way through the two steps. */
  private static final class Check {
    final ConfirmRequest request;
    final Duration ttl;
    String token; // canonical text of a presented, valid, unused token
    String how;
    Instant expiresAt;
    boolean ask; // no token: ask at the terminal
    String refused; // why it cannot be confirmed (first line(s) of the explanation), or null
    Confirmation failedClosed; // the secret or the record cannot be used

    Check(ConfirmRequest request) {
      this.request = request;
      this.ttl = ttl(request);
    }
  }

  TokenConfirmer(ConfirmSettings settings, Supplier<Terminal> terminals) {
    this.settings = settings;
    this.terminals = terminals;
    Path dir = settings.stateDir();
    this.used = new TokenLedger(dir.resolve(USED), settings.clock(), true);
    this.issued = new TokenLedger(dir.resolve(ISSUED), settings.clock(), false);
  }

  @Override
  public Confirmation confirm(ConfirmRequest request) {
    return confirmAll(List.of(request)).get(0);
  }

  @Override
  public List<Confirmation> confirmAll(List<ConfirmRequest> requests) {
    try {
      return decide(requests);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "DropGuard confirmation failed; the statement is not run", e);
      List<Confirmation> out = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        out.add(new Confirmation(false, null, null, "DropGuard could not check the confirmation (" + e
            + "); nothing was run. This is a DropGuard bug: please report it with this message."));
      }
      return out;
    }
  }

  private List<Confirmation> decide(List<ConfirmRequest> requests) {
    Instant now = settings.clock().instant();
    List<Check> checks = new ArrayList<>();
    Terminal terminal = null;
    boolean terminalLooked = false;
    for (ConfirmRequest r : requests) {
      Check c = new Check(r);
      checks.add(c);
      if (!present(c, now)) {
        if (r.options() != null && r.options().interactive()) {
          if (!terminalLooked) {
            terminal = terminals.get();
            terminalLooked = true;
          }
          c.ask = terminal != null;
        }
        if (!c.ask) {
          c.refused = ""; // nothing presented: just a token
        }
      }
    }
    boolean all = checks.stream().allMatch(c -> c.refused == null && c.failedClosed == null);
    if (all) {
      for (Check c : checks) {
        if (c.ask && !askAt(terminal, c)) {
          all = false;
          break;
        }
      }
    }
    if (all) {
      all = useUp(checks, now);
    }
    List<Confirmation> out = new ArrayList<>();
    for (Check c : checks) {
      if (all) {
        out.add(new Confirmation(true, c.token == null ? null : Token.idOf(c.token),
            c.token == null ? ConfirmRequest.HOW_TERMINAL : c.how, null, who()));
      } else if (c.failedClosed != null) {
        out.add(c.failedClosed);
      } else if (c.refused != null) {
        out.add(issue(c.refused.isEmpty() ? null : c.refused, c.request, now, c.ttl));
      } else if (c.token != null) {
        out.add(new Confirmation(false, Token.idOf(c.token), null, "The token " + c.token + " (given " + given(c.how)
            + ") is valid for this statement and was not used up: another statement of the same SQL string or"
            + " batch was not confirmed, so none of it ran."));
      } else {
        out.add(issue("This statement was confirmed at the terminal, but another statement of the same SQL string"
            + " or batch was not, so none of it ran.", c.request, now, c.ttl));
      }
    }
    return out;
  }

  /** Looks for a presented token and checks it without using it up; false when none was presented. */
  private boolean present(Check c, Instant now) {
    ConfirmRequest r = c.request;
    Dialect dialect = r.identity().dialect() == null ? Dialect.GENERIC : r.identity().dialect();
    String presented = LeadingComment.token(r.statement().text(), dialect);
    String how = ConfirmRequest.HOW_COMMENT;
    if (presented == null && r.presentedToken() != null && !r.presentedToken().isBlank()) {
      presented = r.presentedToken();
      how = r.presentedHow() == null ? ConfirmRequest.HOW_SETTING : r.presentedHow();
    }
    if (presented == null) {
      return false;
    }
    c.how = how;
    long bits = TokenText.parse(presented);
    if (bits < 0) {
      c.refused = "The token " + ConfirmMessages.bounded(presented, 40) + " (given " + given(how)
          + ") is malformed: a token is 8 letters and digits, like K7M2-9QX4.";
      return true;
    }
    String text = TokenText.format(bits);
    String shown = "The token " + text + " (given " + given(how) + ")";
    ConfirmationTokens t;
    try {
      t = tokens();
    } catch (ConfirmStateException e) {
      c.failedClosed = new Confirmation(false, Token.idOf(text), null, ConfirmMessages.stateFailure(null, e));
      return true;
    }
    TokenBinding binding = TokenBinding.of(r);
    ConfirmationTokens.Verification v = t.verify(bits, binding, now, c.ttl);
    switch (v.outcome()) {
      case VALID:
        try {
          TokenLedger.Entry earlier = used.find(key(text));
          if (earlier != null) {
            c.refused = alreadyUsed(shown, earlier, now);
          } else {
            c.token = text;
            c.expiresAt = v.expiresAt();
          }
        } catch (ConfirmStateException e) {
          c.failedClosed = unrecorded(text, shown, e);
        }
        break;
      case EXPIRED:
        c.refused = shown + " expired at " + ConfirmMessages.time(v.expiresAt(), now) + " ("
            + ConfirmMessages.relative(Duration.between(now, v.expiresAt())) + ").";
        break;
      case FROM_THE_FUTURE:
        c.refused = shown + " expires at " + ConfirmMessages.time(v.expiresAt(), now)
            + ", later than this policy's confirm.ttl of " + ConfirmMessages.duration(c.ttl) + " allows: it was issued"
            + " on a host whose clock runs more than " + ConfirmationTokens.CLOCK_SKEW.toSeconds() + " seconds ahead"
            + " of this one's, or under a longer ttl.";
        break;
      default:
        c.refused = shown + " " + foreign(text, binding);
    }
    return true;
  }

  private static boolean askAt(Terminal terminal, Check c) {
    TerminalPrompt.Answer a = TerminalPrompt.ask(terminal, c.request);
    if (a == TerminalPrompt.Answer.CONFIRMED) {
      return true;
    }
    c.refused = a == TerminalPrompt.Answer.NO_ANSWER
        ? "Not confirmed at the terminal: no answer came (end of input)."
        : "Not confirmed at the terminal: the name typed was not \""
            + DatabaseIdentity.nameToType(c.request.identity()) + "\".";
    return false;
  }

  /** Records every token as used, all or none; false (with the reason in the check) when one was used meanwhile. */
  private boolean useUp(List<Check> checks, Instant now) {
    Map<String, TokenLedger.Entry> uses = new LinkedHashMap<>();
    String by = who();
    for (Check c : checks) {
      if (c.token != null) {
        uses.putIfAbsent(key(c.token), new TokenLedger.Entry(key(c.token), c.expiresAt, now.toEpochMilli() + " " + by));
      }
    }
    if (uses.isEmpty()) {
      return true;
    }
    TokenLedger.Entry earlier;
    try {
      earlier = used.addAllIfAbsent(new ArrayList<>(uses.values()));
    } catch (ConfirmStateException e) {
      for (Check c : checks) {
        if (c.token != null) {
          c.failedClosed = unrecorded(c.token, "The token " + c.token + " (given " + given(c.how) + ")", e);
        }
      }
      return false;
    }
    if (earlier == null) {
      return true;
    }
    for (Check c : checks) {
      if (c.token != null && key(c.token).equals(earlier.key())) {
        // another process used it between the check and now
        c.refused = alreadyUsed("The token " + c.token + " (given " + given(c.how) + ")", earlier, now);
        c.token = null;
      }
    }
    return false;
  }

  private static Confirmation unrecorded(String text, String shown, ConfirmStateException e) {
    // Unrecorded, a token could be used twice: fail closed.
    return new Confirmation(false, Token.idOf(text), null, ConfirmMessages.stateFailure(shown + " is valid, but"
        + " its use cannot be recorded, so it is not accepted.", e));
  }

  private static String alreadyUsed(String shown, TokenLedger.Entry earlier, Instant now) {
    String[] d = earlier.detail().split(" ", 2);
    String when;
    try {
      when = ConfirmMessages.time(Instant.ofEpochMilli(Long.parseLong(d[0])), now);
    } catch (NumberFormatException e) {
      when = "an unknown time";
    }
    return shown + " was already used at " + when + " by " + (d.length > 1 ? d[1] : "another process")
        + "; a token works once.";
  }

  /** Why a token with a valid form does not match: from the issued-token record when this host issued it. */
  private String foreign(String text, TokenBinding binding) {
    TokenLedger.Entry e;
    try {
      e = issued.find(key(text));
    } catch (ConfirmStateException ex) {
      e = null;
    }
    if (e != null) {
      String[] d = e.detail().split("\n", 4);
      if (d.length == 4) {
        boolean sameDb = d[0].equals(digest(binding.database()));
        boolean sameStatement = d[1].equals(digest(binding.statement()));
        if (sameDb && !sameStatement) {
          return "was issued for another statement: " + d[3];
        }
        if (!sameDb && sameStatement) {
          return "was issued for this statement on another database: " + d[2];
        }
        if (!sameDb) {
          return "was issued for another statement on another database: " + d[3] + "  on " + d[2];
        }
        return "was issued under another secret or confirm.ttl.";
      }
    }
    return "was not issued for this statement on this database (or it expired long ago, or was issued with"
        + " another secret).";
  }

  private Confirmation issue(String preface, ConfirmRequest request, Instant now, Duration ttl) {
    try {
      TokenBinding binding = TokenBinding.of(request);
      ConfirmationTokens t = tokens();
      Token token = t.issue(binding, now, ttl, 0);
      // The same statement in the same slot has the same token: when that one is used up, expire a little earlier.
      for (int earlier = 1; used.find(key(token.text())) != null; earlier++) {
        Token sooner = t.issue(binding, now, ttl, earlier);
        if (sooner == null || earlier > 64) {
          throw new ConfirmStateException("every token for this statement that expires within the ttl has been"
              + " used; wait " + ConfirmationTokens.slotSeconds(ttl) + " seconds");
        }
        token = sooner;
      }
      issued.add(key(token.text()), token.expiresAt(),
          digest(binding.database()) + "\n" + digest(binding.statement()) + "\n"
              + DatabaseIdentity.display(request.identity()) + "\n"
              + ConfirmMessages.bounded(binding.statement(), 200));
      return new Confirmation(false, token.id(), null, ConfirmMessages.issued(preface, token, request, now));
    } catch (ConfirmStateException e) {
      return new Confirmation(false, null, null, ConfirmMessages.stateFailure(preface, e));
    }
  }

  private ConfirmationTokens tokens() throws ConfirmStateException {
    ConfirmationTokens t = tokens;
    if (t == null) {
      synchronized (this) {
        t = tokens;
        if (t == null) {
          t = new ConfirmationTokens(InstallationSecret.load(settings));
          tokens = t;
        }
      }
    }
    return t;
  }

  private static Duration ttl(ConfirmRequest request) {
    Duration ttl = request.options() == null ? null : request.options().ttl();
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      return DEFAULT_TTL;
    }
    return ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl;
  }

  private static String digest(String s) {
    return Token.sha256Hex(s).substring(0, 16);
  }

  private static String key(String tokenText) {
    return Token.sha256Hex(tokenText).substring(0, 32);
  }

  private static String given(String how) {
    switch (how) {
      case ConfirmRequest.HOW_COMMENT:
        return "as a leading comment";
      case ConfirmRequest.HOW_API:
        return "through DropGuard.confirm";
      default:
        return "as the dropguard.confirm setting";
    }
  }

  /** {@code alice@build-7 pid 4242}: who presented the token, for the audit and for "already used by". */
  static String who() {
    return System.getProperty("user.name") + "@" + HOST + " pid " + ProcessHandle.current().pid();
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("COMPUTERNAME");
    }
    if (host == null || host.isBlank()) {
      try {
        host = java.nio.file.Files.readString(Path.of("/etc/hostname")).strip();
      } catch (java.io.IOException | RuntimeException e) {
        host = "unknown-host";
      }
    }
    return host.isBlank() ? "unknown-host" : host;
  }
}
