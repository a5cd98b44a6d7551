package io.dropguard.core.confirm;

import static io.dropguard.core.confirm.Fixtures.PG;
import static io.dropguard.core.confirm.Fixtures.deleteAll;
import static io.dropguard.core.confirm.Fixtures.presenting;
import static io.dropguard.core.confirm.Fixtures.request;
import static io.dropguard.core.confirm.Fixtures.tokenOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.StatementAnalysis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing confirmation of a batch, and the terminal path's decisions (the pty itself: TerminalConfirmTest). */
class BatchAndTerminalTest {
  @TempDir Path stateDir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-12-01T18:32:10Z"));

  /** A terminal that answers from a script and records what it showed. */
  static final class ScriptedTerminal implements Terminal {
    final StringWriter screen = new StringWriter();
    final Deque<String> answers = new ArrayDeque<>();
    int asked;

    ScriptedTerminal(String... answers) {
      this.answers.addAll(List.of(answers));
    }

    @Override
    public PrintWriter writer() {
      return new PrintWriter(screen, true);
    }

    @Override
    public String readLine(String prompt) {
      asked++;
      screen.append(prompt);
      return answers.isEmpty() ? null : answers.pop();
    }
  }

  TokenConfirmer confirmer(Terminal t) {
    return new TokenConfirmer(new ConfirmSettings(stateDir, null, clock), () -> t);
  }

  static ConfirmRequest interactive(StatementAnalysis s) {
    return new ConfirmRequest(s, PG, "pilot-prod", "policies/pilot.yaml:14", null, null,
        new ConfirmOptions(Duration.ofMinutes(10), true));
  }

  @Test
  void aBatchIsConfirmedWholeOrNotAtAllAndAFailedBatchUsesNoToken() {
    TokenConfirmer c = confirmer(null);
    String orders = tokenOf(c.confirm(request(deleteAll("orders"), PG)));
    StatementAnalysis s1 = deleteAll("/* dropguard:confirm=" + orders + " */ DELETE FROM orders", "delete from orders", "orders");
    StatementAnalysis s2 = deleteAll("customers");

    List<Confirmation> first = c.confirmAll(List.of(request(s1, PG), request(s2, PG)));
    assertFalse(first.get(0).confirmed());
    assertTrue(first.get(0).explanation().startsWith("The token " + orders + " (given as a leading comment) is valid for this"
        + " statement and was not used up"), first.get(0).explanation());
    assertFalse(first.get(1).confirmed());
    String customers = tokenOf(first.get(1));

    StatementAnalysis s2confirmed = deleteAll("/* dropguard:confirm=" + customers + " */ DELETE FROM customers",
        "delete from customers", "customers");
    List<Confirmation> second = c.confirmAll(List.of(request(s1, PG), request(s2confirmed, PG)));
    assertTrue(second.get(0).confirmed(), () -> second.get(0).explanation());
    assertTrue(second.get(1).confirmed(), () -> second.get(1).explanation());
    assertFalse(c.confirmAll(List.of(request(s1, PG))).get(0).confirmed(), "used now");
  }

  @Test
  void oneTokenInTheSettingConfirmsTheSameStatementTwiceInOneString() {
    TokenConfirmer c = confirmer(null);
    String t = tokenOf(c.confirm(request(deleteAll("orders"), PG)));
    List<Confirmation> both = c.confirmAll(List.of(presenting(deleteAll("orders"), PG, t, "setting"),
        presenting(deleteAll("orders"), PG, t, "setting")));
    assertTrue(both.get(0).confirmed() && both.get(1).confirmed());
  }

  @Test
  void atTheTerminalTheDatabaseNameConfirms() {
    ScriptedTerminal t = new ScriptedTerminal(" test ");
    Confirmation c = confirmer(t).confirm(interactive(deleteAll("orders")));
    assertTrue(c.confirmed());
    assertEquals("terminal", c.how());
    assertNull(c.tokenId());
    assertTrue(t.screen.toString().contains("Type the database name (test) to run it"), t.screen.toString());
  }

  @Test
  void atTheTerminalAnotherNameOrNoAnswerRefusesWithAToken() {
    ScriptedTerminal wrong = new ScriptedTerminal("TEST");
    Confirmation c = confirmer(wrong).confirm(interactive(deleteAll("orders")));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("Not confirmed at the terminal: the name typed was not \"test\".\n"), c.explanation());
    tokenOf(c);
    Confirmation eof = confirmer(new ScriptedTerminal()).confirm(interactive(deleteAll("orders")));
    assertFalse(eof.confirmed());
    assertTrue(eof.explanation().startsWith("Not confirmed at the terminal: no answer came (end of input)."));
  }

  @Test
  void withoutATerminalInteractiveFallsBackToTheToken() {
    Confirmation c = confirmer(null).confirm(interactive(deleteAll("orders")));
    assertFalse(c.confirmed());
    assertTrue(c.explanation().startsWith("Token:     "), c.explanation());
  }

  @Test
  void aPresentedTokenIsCheckedWithoutAsking() {
    ScriptedTerminal t = new ScriptedTerminal("test");
    TokenConfirmer c = confirmer(t);
    String token = tokenOf(confirmer(null).confirm(request(deleteAll("orders"), PG)));
    ConfirmRequest r = new ConfirmRequest(deleteAll("orders"), PG, "p", null, token, "api", new ConfirmOptions(Duration.ofMinutes(10), true));
    assertTrue(c.confirm(r).confirmed());
    assertEquals(0, t.asked);
  }

  @Test
  void whenATokenInTheBatchFailsTheTerminalIsNotAsked() {
    ScriptedTerminal t = new ScriptedTerminal("test");
    List<Confirmation> r = confirmer(t).confirmAll(List.of(presenting(deleteAll("orders"), PG, "ZZZZ-ZZZZ", "setting"),
        interactive(deleteAll("customers"))));
    assertFalse(r.get(0).confirmed());
    assertFalse(r.get(1).confirmed());
    assertEquals(0, t.asked);
  }
}
