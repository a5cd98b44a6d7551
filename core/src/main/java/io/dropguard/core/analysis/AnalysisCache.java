package io.dropguard.core.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded cache of analyses keyed by the exact SQL text and dialect. Never keyed by a normalised shape, so that
 * two statements that differ in a literal ({@code OR 'a'='b'} against {@code OR 'a'='a'}) can never share a
 * verdict. Striped LRU maps: each stripe holds at most {@code maxEntries / STRIPES} entries and
 * {@code maxChars / STRIPES} characters of SQL text.
 */
final class AnalysisCache {
  private static final int STRIPES = 16;

  private record Key(String sql, Dialect dialect) {}

  private static final class Stripe extends LinkedHashMap<Key, Analysis> {
    private static final long serialVersionUID = 1L;
    private final int maxEntries;
    private final long maxChars;
    private long chars;

    Stripe(int maxEntries, long maxChars) {
      super(16, 0.75f, true);
      this.maxEntries = maxEntries;
      this.maxChars = maxChars;
    }

    synchronized Analysis lookup(Key k) {
      return get(k);
    }

    synchronized void store(Key k, Analysis a) {
      Analysis old = put(k, a);
      if (old == null) {
        chars += k.sql().length();
      }
      var it = entrySet().iterator();
      while ((size() > maxEntries || chars > maxChars) && it.hasNext()) {
        Map.Entry<Key, Analysis> eldest = it.next();
        chars -= eldest.getKey().sql().length();
        it.remove();
      }
    }
  }

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final int maxSqlChars;

  AnalysisCache(int maxEntries, long maxChars) {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(Math.max(1, maxEntries / STRIPES), Math.max(1, maxChars / STRIPES));
    }
    // one statement may take at most a quarter of its stripe
    this.maxSqlChars = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxChars / STRIPES / 4));
  }

  private Stripe stripe(Key k) {
    // The stripe comes from the hash's top bits: HashMap indexes its buckets by the low bits of (h ^ h >>> 16),
    // so a stripe chosen by those bits would put every one of its keys in 1/16 of its buckets (long chains,
    // tree bins, slow look-ups of texts that differ in a literal).
    return stripes[(k.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(STRIPES))];
  }

  Analysis get(String sql, Dialect dialect) {
    if (sql.length() > maxSqlChars) {
      return null;
    }
    Key k = new Key(sql, dialect);
    return stripe(k).lookup(k);
  }

  void put(String sql, Dialect dialect, Analysis a) {
    if (sql.length() > maxSqlChars) {
      return;
    }
    Key k = new Key(sql, dialect);
    stripe(k).store(k, a);
  }
}
