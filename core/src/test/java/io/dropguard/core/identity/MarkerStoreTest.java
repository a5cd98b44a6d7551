package io.dropguard.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MarkerStoreTest {
  private final MarkerStore store = MarkerStore.forDialect(Dialect.H2);

  private static Connection h2(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
  }

  @Test
  void aDatabaseWithoutTheTableHasNoMarker() throws SQLException {
    try (Connection c = h2("unmarked")) {
      MarkerStore.Reading r = store.read(c, true);
      assertEquals(MarkerStore.Status.NOT_MARKED, r.status());
      assertNull(r.marker());
    }
  }

  @Test
  void writtenMarkerIsReadAndReplaced() throws SQLException {
    try (Connection c = h2("marked")) {
      MarkerStore.Written w = store.write(c, "production", "test@host");
      assertEquals("PUBLIC.dropguard_identity", w.location());
      assertNull(w.grantProblem(), "H2 grants SELECT to PUBLIC");
      assertEquals("production", store.read(c, false).marker());
      store.write(c, "staging", "test@host");
      assertEquals("staging", store.read(c, false).marker());
      try (Statement st = c.createStatement();
          var rs = st.executeQuery("select count(*) from dropguard_identity")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "one row");
      }
    }
  }

  @Test
  void readingInsideATransactionLeavesItAsItWas() throws SQLException {
    try (Connection c = h2("tx")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("create table kept (id int)");
        st.execute("insert into kept values (1)");
        assertEquals(MarkerStore.Status.NOT_MARKED, store.read(c, false).status());
        st.execute("insert into kept values (2)");
        c.commit();
        var rs = st.executeQuery("select count(*) from kept");
        rs.next();
        assertEquals(2, rs.getInt(1));
      }
    }
  }

  @Test
  void markersAreShortNames() {
    assertTrue(MarkerStore.isValidMarker("prod-eu_1.main:x"));
    assertFalse(MarkerStore.isValidMarker("prod uction"));
    assertFalse(MarkerStore.isValidMarker(""));
    assertFalse(MarkerStore.isValidMarker("x'; drop table t; --"));
    assertThrows(IllegalArgumentException.class, () -> store.write(null, "a b", "me"));
  }
}
