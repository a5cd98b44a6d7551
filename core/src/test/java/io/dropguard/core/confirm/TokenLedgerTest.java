package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenLedgerTest {
  @TempDir Path dir;

  @Test
  void recordsOnceAndDropsExpiredEntriesWhenTheFileGrowsLarge() throws Exception {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-12-01T18:00:00Z"));
    TokenLedger ledger = new TokenLedger(dir.resolve("used-tokens"), clock, true, 4096);
    Instant soon = clock.instant().plus(Duration.ofMinutes(10));
    assertNull(ledger.addIfAbsent("live", soon.plus(Duration.ofHours(1)), "kept"));
    for (int i = 0; i < 100; i++) {
      assertNull(ledger.addIfAbsent("k" + i, soon, "1764612000000 alice@host pid " + i));
    }
    assertNotNull(ledger.addIfAbsent("k7", soon, "again"));
    assertEquals("1764612000000 alice@host pid 7", ledger.find("k7").detail());

    clock.advance(Duration.ofMinutes(11));
    long before = Files.size(ledger.file());
    for (int i = 0; i < 100 && Files.size(ledger.file()) >= before; i++) {
      ledger.add("n" + i, clock.instant().plus(Duration.ofMinutes(10)), "x");
    }
    assertTrue(Files.size(ledger.file()) < 1024, "compacted: " + Files.size(ledger.file()));
    assertNull(ledger.find("k7"), "expired entries are dropped");
    assertEquals("kept", ledger.find("live").detail());
  }
}
