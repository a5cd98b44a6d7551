package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenTextTest {
  @Test
  void formatsFortyBitsAsEightCrockfordCharactersAndReadsThemBack() {
    long bits = 0xABCDEF1234L;
    String t = TokenText.format(bits);
    assertEquals(9, t.length());
    assertEquals('-', t.charAt(4));
    assertEquals(bits, TokenText.parse(t));
    assertEquals("0000-0000", TokenText.format(0));
    assertEquals("ZZZZ-ZZZZ", TokenText.format((1L << 40) - 1));
  }

  @Test
  void readsWhatAPersonTypes() {
    assertEquals("K7M2-9QX4", TokenText.canonical(" k7m2 9qx4 "));
    assertEquals("K7M2-9QX4", TokenText.canonical("K7M29QX4"));
    assertEquals("1100-0000", TokenText.canonical("iLo0-OOOO"));
    assertEquals(null, TokenText.canonical("K7M2-9QX"));
    assertEquals(null, TokenText.canonical("K7M2-9QX44"));
    assertEquals(null, TokenText.canonical("K7M2-9QU4"));
  }
}
