package io.dropguard.core.confirm;

import static io.dropguard.core.confirm.Fixtures.PG;
import static io.dropguard.core.confirm.Fixtures.PG_URL;
import static io.dropguard.core.confirm.Fixtures.deleteAll;
import static io.dropguard.core.confirm.Fixtures.presenting;
import static io.dropguard.core.confirm.Fixtures.request;
import static io.dropguard.core.confirm.Fixtures.tokenOf;
import static io.dropguard.core.confirm.Fixtures.withMarker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenConfirmerTest {
  @TempDir Path stateDir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-12-01T18:32:10.250Z"));

  TokenConfirmer confirmer() {
    return new TokenConfirmer(new ConfirmSettings(stateDir, null, clock), () -> null);
  }

  @Test
  void explanationSaysWhatTheTokenConfirmsWhenItExpiresAndExactlyHowToPresentIt() {
    Confirmation c = confirmer().confirm(request(deleteAll("orders"), PG));
    assertFalse(c.confirmed());
    String t = tokenOf(c);
    assertTrue(t.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), t);
    String e = c.explanation();
    assertTrue(e.contains("Confirms:  delete from orders\n"), e);
    assertTrue(e.contains("on " + PG_URL + "\n"), e);
    assertTrue(e.contains("policy \"pilot-prod\", rule at policies/pilot.yaml:14"), e);
    // 18:32:10 + 10 min, rounded down to the 2-second slot of a 10-minute ttl
    assertTrue(e.contains("Expires:   18:42:10 UTC (in 10 minutes); it works once"), e);
    assertTrue(e.contains("prefix the statement with   /* dropguard:confirm=" + t + " */"), e);
    assertTrue(e.contains("-Ddropguard.confirm=" + t + "   or the environment variable   DROPGUARD_CONFIRM=" + t), e);
    assertTrue(e.contains("DropGuard.confirm(connection, \"" + t + "\")"), e);
    assertEquals(Token.idOf(t), c.tokenId());
    assertNull(c.how());
  }

  @Test
  void aLeadingCommentConfirmsAndIsUsedUp() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    StatementAnalysis withComment = deleteAll("/* dropguard:confirm=" + t + " */ DELETE FROM orders", "delete from orders", "orders");

    Confirmation ok = confirmer.confirm(request(withComment, PG));
    assertTrue(ok.confirmed(), () -> ok.explanation());
    assertEquals("comment", ok.how());
    assertEquals(Token.idOf(t), ok.tokenId());
    assertTrue(ok.confirmedBy().contains(" pid " + ProcessHandle.current().pid()), ok.confirmedBy());

    Confirmation again = confirmer.confirm(request(withComment, PG));
    assertFalse(again.confirmed());
    assertTrue(again.explanation().startsWith("The token " + t + " (given as a leading comment) was already used at 18:32:10 UTC by "
        + System.getProperty("user.name") + "@"), again.explanation());
    assertNotEquals(t, tokenOf(again), "a fresh token comes with the refusal");
  }

  @Test
  void theSettingAndTheApiConfirmToo() {
    TokenConfirmer confirmer = confirmer();
    String t1 = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    Confirmation bySetting = confirmer.confirm(presenting(deleteAll("orders"), PG, t1, "setting"));
    assertTrue(bySetting.confirmed(), () -> bySetting.explanation());
    assertEquals("setting", bySetting.how());

    clock.advance(Duration.ofSeconds(5)); // a new token for the same statement: another expiry slot
    String t2 = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    assertNotEquals(t1, t2);
    Confirmation byApi = confirmer.confirm(presenting(deleteAll("orders"), PG, t2.toLowerCase(java.util.Locale.ROOT), "api"));
    assertTrue(byApi.confirmed(), () -> byApi.explanation());
    assertEquals("api", byApi.how());
    Confirmation apiAgain = confirmer.confirm(presenting(deleteAll("orders"), PG, t2, "api"));
    assertTrue(apiAgain.explanation().startsWith("The token " + t2 + " (given through DropGuard.confirm) was already used"),
        apiAgain.explanation());
  }

  @Test
  void whitespaceAndCommentChangesKeepTheTokenBecauseItBindsTheNormalisedText() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("DELETE FROM orders", "delete from orders", "orders"), PG)));
    StatementAnalysis reformatted = deleteAll("delete\n   from /* all of them */ ORDERS  ", "delete from orders", "orders");
    Confirmation c = confirmer.confirm(presenting(reformatted, PG, t, "setting"));
    assertTrue(c.confirmed(), () -> c.explanation());
  }

  @Test
  void anotherStatementIsRefusedAndTheRefusalNamesTheStatementTheTokenWasFor() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    Confirmation c = confirmer.confirm(presenting(deleteAll("customers"), PG, t, "setting"));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("The token " + t
        + " (given as the dropguard.confirm setting) was issued for another statement: delete from orders\n"), c.explanation());
    assertTrue(c.explanation().contains("Confirms:  delete from customers"), c.explanation());
    // and the token still works for its own statement: a wrong presentation does not use it up
    assertTrue(confirmer.confirm(presenting(deleteAll("orders"), PG, t, "setting")).confirmed());
  }

  @Test
  void aChangedPredicateIsAnotherStatement() {
    TokenConfirmer confirmer = confirmer();
    StatementAnalysis a = deleteAll("DELETE FROM orders WHERE 1=1", "delete from orders where 1=1", "orders");
    StatementAnalysis b = deleteAll("DELETE FROM orders WHERE 2=2", "delete from orders where 2=2", "orders");
    String t = tokenOf(confirmer.confirm(request(a, PG)));
    assertFalse(confirmer.confirm(presenting(b, PG, t, "setting")).confirmed());
  }

  @Test
  void anotherDatabaseIsRefusedAndSaysSo() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    ConnectionIdentity other = new ConnectionIdentity("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null, null, null, Dialect.POSTGRES);
    Confirmation c = confirmer.confirm(presenting(deleteAll("orders"), other, t, "setting"));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().contains("was issued for this statement on another database: " + PG_URL), c.explanation());
  }

  @Test
  void credentialsAndParametersInTheUrlDoNotChangeTheDatabase() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    ConnectionIdentity same = new ConnectionIdentity("jdbc:postgresql://alice:s3cret@127.0.0.1:5432/test?sslmode=disable&password=x",
        "alice", null, null, null, Dialect.POSTGRES);
    Confirmation c = confirmer.confirm(presenting(deleteAll("orders"), same, t, "setting"));
    assertTrue(c.confirmed(), () -> c.explanation());
  }

  @Test
  void aMarkedDatabaseIsTheSameDatabaseWhateverAliasReachesIt() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), withMarker("jdbc:postgresql://db-1.internal/pilot", "production"))));
    assertTrue(confirmer.confirm(presenting(deleteAll("orders"), withMarker("jdbc:postgresql://10.0.0.7:5432/pilot", "production"), t, "api")).confirmed());
    String t2 = tokenOf(confirmer.confirm(request(deleteAll("orders"), withMarker("jdbc:postgresql://db-1.internal/pilot", "production"))));
    Confirmation staging = confirmer.confirm(presenting(deleteAll("orders"), withMarker("jdbc:postgresql://db-1.internal/pilot", "staging"), t2, "api"));
    assertFalse(staging.confirmed());
    assertTrue(staging.explanation().contains("on another database: \"production\" (identity marker)"), staging.explanation());
  }

  @Test
  void aTokenVerifiesUntilItsExpiryAndNotAfter() {
    TokenConfirmer confirmer = confirmer();
    Confirmation issued = confirmer.confirm(request(deleteAll("orders"), PG));
    String t = tokenOf(issued);
    clock.advance(Duration.ofMinutes(10).minusMillis(251)); // 18:42:09.999
    String one = t;
    Confirmation early = confirmer.confirm(presenting(deleteAll("orders"), PG, one, "setting"));
    assertTrue(early.confirmed(), () -> early.explanation());

    clock.set(Instant.parse("2026-12-01T18:32:10.250Z"));
    String t2 = tokenOf(confirmer.confirm(request(deleteAll("customers"), PG)));
    clock.set(Instant.parse("2026-12-01T18:42:10Z"));
    Confirmation late = confirmer.confirm(presenting(deleteAll("customers"), PG, t2, "setting"));
    assertFalse(late.confirmed());
    assertTrue(late.explanation().startsWith("The token " + t2 + " (given as the dropguard.confirm setting) expired at 18:42:10 UTC (0 seconds ago)."),
        late.explanation());
    clock.advance(Duration.ofMinutes(7));
    assertTrue(confirmer.confirm(presenting(deleteAll("customers"), PG, t2, "setting")).explanation()
        .contains("expired at 18:42:10 UTC (7 minutes ago)"));
  }

  @Test
  void noTokenLivesLongerThanItsTtlWhateverTheMomentOfIssue() {
    TokenConfirmer confirmer = confirmer();
    Duration ttl = Duration.ofMinutes(10);
    long g = ConfirmationTokens.slotSeconds(ttl);
    Instant start = Instant.parse("2026-12-01T18:00:00Z");
    for (int i = 0; i < 40; i++) {
      Instant issuedAt = start.plusMillis(i * 777L);
      StatementAnalysis s = deleteAll("t" + i);
      clock.set(issuedAt);
      String t = tokenOf(confirmer.confirm(request(s, PG)));
      clock.set(issuedAt.plus(ttl));
      assertFalse(confirmer.confirm(presenting(s, PG, t, "setting")).confirmed(), "alive at issue + ttl, i=" + i);
      clock.set(issuedAt.plus(ttl).minusSeconds(g).minusMillis(1));
      Confirmation c = confirmer.confirm(presenting(s, PG, t, "setting"));
      assertTrue(c.confirmed(), "dead before issue + ttl - slot, i=" + i + ": " + c.explanation());
    }
  }

  @Test
  void aFleetHostWhoseClockRunsALittleAheadIsToleratedButNotAWholeTtl(@TempDir Path otherHost) {
    String fleet = "0123456789abcdef0123456789abcdef";
    Fixtures.MutableClock ahead = new Fixtures.MutableClock(clock.instant().plusSeconds(50));
    TokenConfirmer issuer = new TokenConfirmer(new ConfirmSettings(otherHost, fleet, ahead), () -> null);
    TokenConfirmer here = new TokenConfirmer(new ConfirmSettings(stateDir, fleet, clock), () -> null);
    String t = tokenOf(issuer.confirm(request(deleteAll("orders"), PG)));
    assertTrue(here.confirm(presenting(deleteAll("orders"), PG, t, "setting")).confirmed());

    ahead.advance(Duration.ofMinutes(5));
    String t2 = tokenOf(issuer.confirm(request(deleteAll("orders"), PG)));
    Confirmation c = here.confirm(presenting(deleteAll("orders"), PG, t2, "setting"));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().contains("later than this policy's confirm.ttl of 10m allows: it was issued on a host"
        + " whose clock runs more than 60 seconds ahead of this one's"), c.explanation());
  }

  @Test
  void aLongTtlStillNamesTheRightExpiry() {
    TokenConfirmer confirmer = confirmer();
    ConfirmOptions day = new ConfirmOptions(Duration.ofHours(24), false);
    StatementAnalysis s = deleteAll("orders");
    String t = tokenOf(confirmer.confirm(new ConfirmRequest(s, PG, "p", null, null, null, day)));
    clock.advance(Duration.ofHours(23));
    assertTrue(confirmer.confirm(new ConfirmRequest(s, PG, "p", null, t, "setting", day)).confirmed());
  }

  @Test
  void malformedTokensAreRefusedWithAFreshOne() {
    Confirmation c = confirmer().confirm(presenting(deleteAll("orders"), PG, "K7M2-9QX", "setting"));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("The token K7M2-9QX (given as the dropguard.confirm setting) is malformed: "
        + "a token is 8 letters and digits, like K7M2-9QX4."), c.explanation());
    tokenOf(c);
  }

  @Test
  void aCommentWinsOverTheSetting() {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    StatementAnalysis s = deleteAll("/*DropGuard:Confirm = " + t + "*/DELETE FROM orders", "delete from orders", "orders");
    Confirmation c = confirmer.confirm(presenting(s, PG, "ZZZZ-ZZZZ", "setting"));
    assertTrue(c.confirmed(), () -> c.explanation());
    assertEquals("comment", c.how());
  }

  @Test
  void aFleetSharingTheSecretSharesTokensAndAnotherSecretDoesNot(@TempDir Path otherHost) {
    String fleet = "0123456789abcdef0123456789abcdef";
    TokenConfirmer a = new TokenConfirmer(new ConfirmSettings(stateDir, fleet, clock), () -> null);
    TokenConfirmer b = new TokenConfirmer(new ConfirmSettings(otherHost, fleet, clock), () -> null);
    TokenConfirmer c = new TokenConfirmer(new ConfirmSettings(otherHost, "another-secret-of-32-characters!", clock), () -> null);
    String t = tokenOf(a.confirm(request(deleteAll("orders"), PG)));
    Confirmation onC = c.confirm(presenting(deleteAll("orders"), PG, t, "setting"));
    assertFalse(onC.confirmed());
    assertTrue(b.confirm(presenting(deleteAll("orders"), PG, t, "setting")).confirmed());
    assertFalse(Files.exists(stateDir.resolve("secret")), "a given secret is never written down");
  }

  @Test
  void theGeneratedSecretIsOwnerOnlyAndCopyingItIntoTheSettingGivesTheSameTokens(@TempDir Path otherHost) throws IOException {
    TokenConfirmer confirmer = confirmer();
    String t = tokenOf(confirmer.confirm(request(deleteAll("orders"), PG)));
    Path secret = stateDir.resolve("secret");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    assertTrue(Files.readString(secret).strip().matches("[0-9a-f]{64}"));
    Path dir = stateDir.resolve("nested");
    new TokenConfirmer(new ConfirmSettings(dir, null, clock), () -> null).confirm(request(deleteAll("orders"), PG));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("issued-tokens.lock"))));

    TokenConfirmer copy = new TokenConfirmer(new ConfirmSettings(otherHost, Files.readString(secret), clock), () -> null);
    assertTrue(copy.confirm(presenting(deleteAll("orders"), PG, t, "setting")).confirmed());
  }

  @Test
  void aShortSecretFailsClosed() {
    TokenConfirmer confirmer = new TokenConfirmer(new ConfirmSettings(stateDir, "short", clock), () -> null);
    Confirmation c = confirmer.confirm(request(deleteAll("orders"), PG));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().contains("dropguard.confirm_secret is too short (5 characters; at least 16)"), c.explanation());
  }

  @Test
  void anUnusableStateDirectoryFailsClosed() throws IOException {
    Path notADir = Files.writeString(stateDir.resolve("plain-file"), "x");
    TokenConfirmer confirmer = new TokenConfirmer(new ConfirmSettings(notADir, null, clock), () -> null);
    Confirmation c = confirmer.confirm(request(deleteAll("orders"), PG));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("No confirmation token can be issued or checked: cannot create the DropGuard state directory "
        + notADir), c.explanation());

    // a valid token whose use cannot be recorded is not accepted either
    String fleet = "0123456789abcdef0123456789abcdef";
    String t = tokenOf(new TokenConfirmer(new ConfirmSettings(stateDir, fleet, clock), () -> null).confirm(request(deleteAll("orders"), PG)));
    Confirmation unrecorded = new TokenConfirmer(new ConfirmSettings(notADir, fleet, clock), () -> null)
        .confirm(presenting(deleteAll("orders"), PG, t, "setting"));
    assertFalse(unrecorded.confirmed());
    assertTrue(unrecorded.explanation().contains("is valid, but its use cannot be recorded, so it is not accepted."), unrecorded.explanation());
  }

  @Test
  void theUsedTokenRecordIsSharedByConfirmersOnTheSameStateDirectory() {
    String t = tokenOf(confirmer().confirm(request(deleteAll("orders"), PG)));
    assertTrue(confirmer().confirm(presenting(deleteAll("orders"), PG, t, "api")).confirmed());
    assertFalse(confirmer().confirm(presenting(deleteAll("orders"), PG, t, "api")).confirmed());
  }

  @Test
  void neverThrows() {
    Confirmation c = confirmer().confirm(new ConfirmRequest(null, PG, "p", null, null, null, null));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("DropGuard could not check the confirmation"), c.explanation());
  }
}
