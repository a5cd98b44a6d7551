package io.dropguard.core.confirm;

import io.dropguard.core.analysis.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The confirmer: checks and uses up a presented token, or asks at the terminal, or issues a token. Thread-safe;
 * never throws; fails closed (anything it cannot check is not confirmed).
 */
final class TokenConfirmer implements Confirmer {
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  static final String USED = "used-tokens";
  static final String ISSUED = "issued-tokens";
  private static final System.Logger LOG = System.getLogger(TokenConfirmer.class.getName());

  private final ConfirmSettings settings;
  private final Supplier<Terminal> terminals;
  private final TokenLedger used;
  private final TokenLedger issued;
  private volatile ConfirmationTokens tokens;

  TokenConfirmer(ConfirmSettings settings, Supplier<Terminal> terminals) {
    this.settings = settings;
    this.terminals = terminals;
    Path dir = settings.stateDir();
    this.used = new TokenLedger(dir.resolve(USED), settings.clock());
    this.issued = new TokenLedger(dir.resolve(ISSUED), settings.clock());
  }

  @Override
  public Confirmation confirm(ConfirmRequest request) {
    try {
      return decide(request);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "DropGuard confirmation failed; the statement is not run", e);
      return new Confirmation(false, null, null,
          "DropGuard could not check the confirmation (" + e + "); nothing was run. This is a DropGuard bug:"
              + " please report it with this message.");
    }
  }

  private Confirmation decide(ConfirmRequest request) {
    Instant now = settings.clock().instant();
    Duration ttl = ttl(request);
    Dialect dialect = request.identity().dialect() == null ? Dialect.GENERIC : request.identity().dialect();
    String presented = LeadingComment.token(request.statement().text(), dialect);
    String how = ConfirmRequest.HOW_COMMENT;
    if (presented == null && request.presentedToken() != null && !request.presentedToken().isBlank()) {
      presented = request.presentedToken();
      how = request.presentedHow() == null ? ConfirmRequest.HOW_SETTING : request.presentedHow();
    }
    if (presented != null) {
      return checkPresented(presented, how, request, now, ttl);
    }
    boolean interactive = request.options() != null && request.options().interactive();
    Terminal terminal = interactive ? terminals.get() : null;
    if (terminal != null) {
      TerminalPrompt.Answer a = TerminalPrompt.ask(terminal, request);
      if (a == TerminalPrompt.Answer.CONFIRMED) {
        return new Confirmation(true, null, ConfirmRequest.HOW_TERMINAL, null, who());
      }
      String why = a == TerminalPrompt.Answer.NO_ANSWER
          ? "Not confirmed at the terminal: no answer came (end of input)."
          : "Not confirmed at the terminal: the name typed was not \""
              + DatabaseIdentity.nameToType(request.identity()) + "\".";
      return issue(why, request, now, ttl);
    }
    return issue(null, request, now, ttl);
  }

  private Confirmation checkPresented(String presented, String how, ConfirmRequest request, Instant now, Duration ttl) {
    String shown = "The token " + ConfirmMessages.bounded(presented, 40) + " (given " + given(how) + ")";
    long bits = TokenText.parse(presented);
    if (bits < 0) {
      return issue(shown + " is malformed: a token is 8 letters and digits, like K7M2-9QX4.", request, now, ttl);
    }
    String text = TokenText.format(bits);
    ConfirmationTokens t;
    try {
      t = tokens();
    } catch (ConfirmStateException e) {
      return new Confirmation(false, Token.idOf(text), null, ConfirmMessages.stateFailure(null, e));
    }
    TokenBinding binding = TokenBinding.of(request);
    ConfirmationTokens.Verification v = t.verify(bits, binding, now, ttl);
    shown = "The token " + text + " (given " + given(how) + ")";
    switch (v.outcome()) {
      case VALID:
        return useUp(text, how, v.expiresAt(), shown, request, now, ttl);
      case EXPIRED:
        return issue(shown + " expired at " + ConfirmMessages.time(v.expiresAt(), now) + " ("
            + ConfirmMessages.relative(Duration.between(now, v.expiresAt())) + ").", request, now, ttl);
      case FROM_THE_FUTURE:
        return issue(shown + " expires at " + ConfirmMessages.time(v.expiresAt(), now)
            + ", later than this policy's confirm.ttl of " + ttl + " allows: it was issued on a host whose clock"
            + " runs ahead of this one's, or under a longer ttl.", request, now, ttl);
      default:
        return issue(shown + " " + foreign(text, binding), request, now, ttl);
    }
  }

  private Confirmation useUp(String text, String how, Instant expiresAt, String shown, ConfirmRequest request,
      Instant now, Duration ttl) {
    String by = who();
    TokenLedger.Entry earlier;
    try {
      earlier = used.addIfAbsent(key(text), expiresAt, now.toEpochMilli() + " " + by);
    } catch (ConfirmStateException e) {
      // Unrecorded, a token could be used twice: fail closed.
      return new Confirmation(false, Token.idOf(text), null, ConfirmMessages.stateFailure(shown + " is valid, but"
          + " its use cannot be recorded, so it is not accepted.", e));
    }
    if (earlier == null) {
      return new Confirmation(true, Token.idOf(text), how, null, by);
    }
    String[] d = earlier.detail().split(" ", 2);
    String when;
    try {
      when = ConfirmMessages.time(Instant.ofEpochMilli(Long.parseLong(d[0])), now);
    } catch (NumberFormatException e) {
      when = "an unknown time";
    }
    return issue(shown + " was already used at " + when + " by " + (d.length > 1 ? d[1] : "another process")
        + "; a token works once.", request, now, ttl);
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
        boolean sameDb = d[0].equals(Token.sha256Hex(binding.database()));
        boolean sameStatement = d[1].equals(Token.sha256Hex(binding.statement()));
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
          Token.sha256Hex(binding.database()) + "\n" + Token.sha256Hex(binding.statement()) + "\n"
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

  private static final String HOST = hostName();

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
    return host;
  }
}
