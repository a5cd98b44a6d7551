package io.dropguard.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * A small JSON object writer: the audit log needs no JSON library, only careful escaping. It appends to a caller's
 * {@link StringBuilder}, so that a whole line (with a sink's prefix and terminator) is built in one buffer.
 */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final StringBuilder sb;
  private boolean first = true;

  Json() {
    this(new StringBuilder(256));
  }

  /** Starts an object at the end of {@code sb}. */
  Json(StringBuilder sb) {
    this.sb = sb;
    sb.append('{');
  }

  Json field(String name, String value) {
    key(name);
    if (value == null) {
      sb.append("null");
    } else {
      string(sb, value);
    }
    return this;
  }

  Json field(String name, long value) {
    key(name);
    sb.append(value);
    return this;
  }

  Json field(String name, List<String> values) {
    key(name);
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      string(sb, values.get(i));
    }
    sb.append(']');
    return this;
  }

  /** A time, as {@link Instant#toString()} writes it. */
  Json field(String name, Instant time) {
    key(name);
    sb.append('"');
    AuditTime.append(sb, time);
    sb.append('"');
    return this;
  }

  /** Closes the object; the builder now ends with it. */
  StringBuilder close() {
    return sb.append('}');
  }

  /** The object, as one line (no raw newline can appear: control characters are escaped). */
  String end() {
    return close().toString();
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    // every key is a plain ASCII identifier: no escaping needed
    sb.append('"').append(name).append("\":");
  }

  /**
   * Appends {@code s} as a JSON string. Escaped: quote, backslash, control characters (\n \r \t by name, others as
   * {@code \\u00XX}), DEL, U+2028 and U+2029 (some readers take them for line ends), and lone surrogates (not valid
   * UTF-8; an encoder would write '?'). Everything else, including well-formed surrogate pairs, is written as is.
   */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    int i = 0;
    // Fast path: the run of characters that need no escaping is appended in one copy.
    while (i < n && plain(s.charAt(i))) {
      i++;
    }
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (plain(c)) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (Character.isSurrogate(c)
              && (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
                  || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
            sb.append(c); // half of a well-formed pair
          } else {
            // control characters, DEL, U+2028/2029, a lone surrogate
            sb.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 0xf]).append(HEX[(c >>> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
      }
    }
    sb.append('"');
  }

  /** Whether {@code c} is written as is, whatever its neighbours (surrogates are decided by the slow path). */
  private static boolean plain(char c) {
    return c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || c > 0x7f && c != '\u2028' && c != '\u2029'
        && !Character.isSurrogate(c));
  }
}
