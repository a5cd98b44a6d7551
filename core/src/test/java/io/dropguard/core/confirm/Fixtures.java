package io.dropguard.core.confirm;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests and a settable clock for the confirmation tests. */
final class Fixtures {
  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final ConnectionIdentity PG =
      new ConnectionIdentity(PG_URL, "postgres", "PostgreSQL", "16", null, Dialect.POSTGRES);
  static final ConfirmOptions TEN_MINUTES = new ConfirmOptions(Duration.ofMinutes(10), false);
  private static final Pattern TOKEN = Pattern.compile("Token: +([0-9A-Z]{4}-[0-9A-Z]{4})");

  private Fixtures() {}

  /** A DELETE without WHERE on {@code table}, as the analysis reports it, with its normalised text. */
  static StatementAnalysis deleteAll(String text, String normalized, String table) {
    return new StatementAnalysis(text, normalized,
        List.of(new Finding(StatementKind.DELETE_ALL, "rows", List.of(ObjectName.of("public", table)), "no WHERE clause")));
  }

  static StatementAnalysis deleteAll(String table) {
    String sql = "DELETE FROM " + table;
    return deleteAll(sql, sql.toLowerCase(java.util.Locale.ROOT), table);
  }

  static ConfirmRequest request(StatementAnalysis s, ConnectionIdentity id) {
    return new ConfirmRequest(s, id, "pilot-prod", "policies/pilot.yaml:14", null, null, TEN_MINUTES);
  }

  static ConfirmRequest presenting(StatementAnalysis s, ConnectionIdentity id, String token, String how) {
    return new ConfirmRequest(s, id, "pilot-prod", "policies/pilot.yaml:14", token, how, TEN_MINUTES);
  }

  /** The token text in a ZG002 explanation. */
  static String tokenOf(Confirmation c) {
    Matcher m = TOKEN.matcher(c.explanation());
    if (!m.find()) {
      throw new AssertionError("no token in: " + c.explanation());
    }
    return m.group(1);
  }

  static ConnectionIdentity withMarker(String url, String marker) {
    return new ConnectionIdentity(url, "postgres", "PostgreSQL", "16", marker, Dialect.POSTGRES);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
