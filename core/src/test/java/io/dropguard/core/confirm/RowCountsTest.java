package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RowCountsTest {
  @Test
  void h2CountsExactlyAndAnUnknownTableIsUnknown() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ORDERS(ID INT)");
      s.execute("INSERT INTO ORDERS SELECT X FROM SYSTEM_RANGE(1, 42)");
      Function<ObjectName, Long> counts = RowCounts.cheap(c, Dialect.H2);
      assertEquals(42L, counts.apply(ObjectName.of("PUBLIC", "ORDERS")));
      assertEquals(42L, counts.apply(ObjectName.of("ORDERS")));
      assertNull(counts.apply(ObjectName.of("NO_SUCH_TABLE")));
      assertNull(RowCounts.cheap(c, Dialect.ORACLE));
    }
  }
}
