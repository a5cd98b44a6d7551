package io.dropguard.core.audit;

import java.util.List;

/** A small JSON object writer: the audit log needs no JSON library, only careful escaping. */
final class Json {
  private final StringBuilder sb = new StringBuilder(256).append('{');
  private boolean first = true;

  Json field(String name, String value) {
    key(name);
    if (value == null) {
      sb.append("null");
    } else {
      string(value);
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
      string(values.get(i));
    }
    sb.append(']');
    return this;
  }

  /** The object, as one line (no raw newline can appear: control characters are escaped). */
  String end() {
    return sb.append('}').toString();
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    string(name);
    sb.append(':');
  }

  private void string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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
          // Control characters, and the line/paragraph separators some readers treat as newlines.
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
            // A lone surrogate is not valid UTF-8: escape it rather than let the encoder write '?'.
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
