package io.dropguard.core.confirm;

import java.util.Locale;

/**
 * The typed form of a token: 40 bits as 8 Crockford base32 characters with a dash in the middle, {@code K7M2-9QX4}.
 * Crockford's alphabet has no I, L, O or U, so what a person reads aloud or retypes survives: reading accepts
 * lower case, I and L for 1, O for 0, and ignores dashes and spaces.
 */
final class TokenText {
  static final int BITS = 40;
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private TokenText() {}

  static String format(long bits) {
    char[] c = new char[9];
    int j = 8;
    for (int i = 0; i < 8; i++) {
      c[j--] = ALPHABET.charAt((int) (bits & 31));
      bits >>>= 5;
      if (j == 4) {
        c[j--] = '-';
      }
    }
    return new String(c);
  }

  /** The 40 bits of a presented token, or -1 when it is not 8 base32 characters. */
  static long parse(String presented) {
    if (presented == null) {
      return -1;
    }
    long bits = 0;
    int n = 0;
    for (char ch : presented.strip().toUpperCase(Locale.ROOT).toCharArray()) {
      if (ch == '-' || ch == ' ') {
        continue;
      }
      if (ch == 'O') {
        ch = '0';
      } else if (ch == 'I' || ch == 'L') {
        ch = '1';
      }
      int v = ALPHABET.indexOf(ch);
      if (v < 0 || ++n > 8) {
        return -1;
      }
      bits = (bits << 5) | v;
    }
    return n == 8 ? bits : -1;
  }

  /** The canonical text of a presented token ({@code k7m2 9qx4} becomes {@code K7M2-9QX4}), or null. */
  static String canonical(String presented) {
    long bits = parse(presented);
    return bits < 0 ? null : format(bits);
  }
}
