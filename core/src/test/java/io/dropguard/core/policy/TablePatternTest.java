package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import org.junit.jupiter.api.Test;

class TablePatternTest {
  static boolean m(String pattern, Dialect d, String schema, String... target) {
    return TablePattern.parse(pattern).matches(ObjectName.of(target), d, schema);
  }

  @Test
  void unqualifiedPatternMatchesTheNameInAnySchema() {
    assertTrue(m("tmp_*", Dialect.POSTGRES, null, "tmp_1"));
    assertTrue(m("tmp_*", Dialect.POSTGRES, null, "sales", "tmp_1"));
    assertFalse(m("tmp_*", Dialect.POSTGRES, null, "tmp"));
    assertTrue(m("audit_?", Dialect.POSTGRES, null, "audit_1"));
    assertFalse(m("audit_?", Dialect.POSTGRES, null, "audit_12"));
  }

  @Test
  void qualifiedPatternUsesTheCurrentSchemaForUnqualifiedTargets() {
    assertTrue(m("scratch.*", Dialect.POSTGRES, null, "scratch", "t"));
    assertFalse(m("scratch.*", Dialect.POSTGRES, null, "public", "t"));
    assertFalse(m("scratch.*", Dialect.POSTGRES, null, "t"), "unknown current schema: no match");
    assertTrue(m("scratch.*", Dialect.POSTGRES, "scratch", "t"));
    assertTrue(m("public.audit_?", Dialect.POSTGRES, null, "db", "public", "audit_1"));
  }

  @Test
  void caseFoldsAsTheDialectFolds() {
    assertTrue(m("DATABASECHANGELOGLOCK", Dialect.POSTGRES, null, "databasechangeloglock"));
    assertFalse(m("DATABASECHANGELOGLOCK", Dialect.POSTGRES, null, "DATABASECHANGELOGLOCK"), "a quoted upper-case PG name");
    assertTrue(m("databasechangeloglock", Dialect.H2, null, "DATABASECHANGELOGLOCK"));
    assertTrue(m("Orders", Dialect.MYSQL, null, "orders"));
    assertTrue(m("\"Audit\".*", Dialect.POSTGRES, null, "Audit", "x"));
    assertFalse(m("\"Audit\".*", Dialect.POSTGRES, null, "audit", "x"));
  }

  @Test
  void brokenPatternsSayWhy() {
    assertEquals(
        "'[' is not a glob character here; use * (any characters) and ? (one character): 'tmp_[0-9]'",
        assertThrows(IllegalArgumentException.class, () -> TablePattern.parse("tmp_[0-9]")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TablePattern.parse("a.b.c.d"));
    assertThrows(IllegalArgumentException.class, () -> TablePattern.parse("\"open"));
    assertThrows(IllegalArgumentException.class, () -> TablePattern.parse(" "));
  }

  @Test
  void globMatchesLikeAShell() {
    assertTrue(new Glob("jdbc:postgresql://db-1*/pilot*", true).matches("jdbc:postgresql://DB-1:5432/pilot_2"));
    assertTrue(new Glob("*", false).matches(""));
    assertFalse(new Glob("a*b", false).matches("acbx"));
    assertTrue(new Glob("a*b*c", false).matches("aXbYbZc"));
    assertTrue(new Glob("jdbc:postgresql://[::1]*", false).matches("jdbc:postgresql://[::1]:5432/x"));
  }
}
