package io.dropguard.core.policy;

/**
 * A glob with {@code *} (any run of characters, possibly empty) and {@code ?} (one character). No character
 * classes: JDBC URLs hold brackets (IPv6 hosts) that must match literally.
 */
public final class Glob {
  private final String pattern;
  private final boolean ignoreCase;
  private final boolean matchesEverything;

  public Glob(String pattern, boolean ignoreCase) {
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
    this.matchesEverything = pattern.chars().allMatch(c -> c == '*') && !pattern.isEmpty();
  }

  public String pattern() {
    return pattern;
  }

  /** True for {@code *}: the glob holds for every text. */
  public boolean matchesEverything() {
    return matchesEverything;
  }

  public boolean matches(String text) {
    if (matchesEverything) {
      return true;
    }
    if (text == null) {
      return false;
    }
    // Iterative matcher with one backtrack point: linear in practice, no regex compilation, no recursion.
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    int pn = pattern.length();
    int tn = text.length();
    while (t < tn) {
      if (p < pn && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t)))) {
        p++;
        t++;
      } else if (p < pn && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pn && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pn;
  }

  private boolean same(char a, char b) {
    return a == b
        || ignoreCase
            && (Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b));
  }

  @Override
  public String toString() {
    return pattern;
  }
}
