package io.dropguard.core.confirm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The text of confirmation: written for a person who has just been stopped and wants to know what to do. */
final class ConfirmMessages {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ConfirmMessages() {}

  /** The ZG002 lines for a freshly issued token, after {@code preface} (why a presented token failed), if any. */
  static String issued(String preface, Token token, ConfirmRequest request, Instant now) {
    String t = token.text();
    StringBuilder b = new StringBuilder();
    if (preface != null) {
      b.append(preface).append("\n");
      b.append("A new token for this statement follows.\n");
    }
    b.append("Token:     ").append(t).append("\n");
    b.append("Confirms:  ").append(bounded(request.statement().normalized(), 200)).append("\n");
    b.append("           on ").append(DatabaseIdentity.display(request.identity())).append("\n");
    b.append("           as required by policy ").append(policy(request)).append("\n");
    b.append("Expires:   ").append(time(token.expiresAt(), now)).append(" (")
        .append(relative(Duration.between(now, token.expiresAt()))).append("); it works once\n");
    b.append("If you mean it, present the token in one of these ways:\n");
    b.append("  a) prefix the statement with   /* dropguard:confirm=").append(t).append(" */\n");
    b.append("  b) run the program with   -Ddropguard.confirm=").append(t)
        .append("   or the environment variable   DROPGUARD_CONFIRM=").append(t).append("\n");
    b.append("  c) in code, just before the statement:   DropGuard.confirm(connection, \"").append(t).append("\")\n");
    b.append("The token is good for this statement on this database only: a changed statement needs a new one.");
    return b.toString();
  }

  /** The lines when no token can be issued because the secret or the record cannot be used. */
  static String stateFailure(String preface, ConfirmStateException e) {
    return (preface == null ? "" : preface + "\n")
        + "No confirmation token can be issued or checked: " + e.getMessage() + "\n"
        + "To proceed: make " + ConfirmSettings.STATE_DIR + " (default ~/.dropguard) a directory this user can"
        + " write, or set " + ConfirmSettings.SECRET + "; nothing was run.";
  }

  static String policy(ConfirmRequest r) {
    String name = r.policyName() == null ? "(unnamed)" : "\"" + r.policyName() + "\"";
    return r.ruleLocation() == null ? name : name + ", rule at " + r.ruleLocation();
  }

  static String time(Instant at, Instant now) {
    return Duration.between(at, now).abs().toHours() < 12 ? TIME.format(at) : DATE_TIME.format(at);
  }

  /** {@code in 10 minutes}, {@code in 45 seconds}, {@code 3 minutes ago}. */
  static String relative(Duration d) {
    boolean past = d.isNegative() || d.isZero();
    long s = Math.abs(d.toSeconds());
    String amount;
    if (s < 90) {
      amount = s + (s == 1 ? " second" : " seconds");
    } else if (s < 90 * 60) {
      long m = Math.round(s / 60.0);
      amount = m + " minutes";
    } else {
      long h = Math.round(s / 3600.0);
      amount = h + (h == 1 ? " hour" : " hours");
    }
    return past ? amount + " ago" : "in " + amount;
  }

  /** {@code 10m}, {@code 90s}, {@code 2h}: as a policy file writes it. */
  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  static String bounded(String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }
}
