package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseIdentityTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://alice:pw@db:5432/pilot?password=pw&ssl=true | jdbc:postgresql://db:5432/pilot                     | pilot",
      "jdbc:mysql://127.0.0.1:3306/test?user=root                    | jdbc:mysql://127.0.0.1:3306/test                    | test",
      "jdbc:sqlserver://db:1433;databaseName=Sales;password=x        | jdbc:sqlserver://db:1433;databaseName=Sales         | Sales",
      "jdbc:h2:mem:scratch;DB_CLOSE_DELAY=-1                         | jdbc:h2:mem:scratch                                 | scratch",
      "jdbc:h2:file:/var/data/pilot;USER=sa;PASSWORD=x               | jdbc:h2:file:/var/data/pilot                        | pilot",
      "jdbc:oracle:thin:@//db:1521/ORCLPDB                           | jdbc:oracle:thin:@//db:1521/ORCLPDB                 | ORCLPDB",
      "jdbc:oracle:thin:scott/tiger@db:1521:ORCL                     | jdbc:oracle:thin:scott/tiger@db:1521:ORCL           | ORCL",
  })
  void urlsLoseCredentialsAndParametersAndNameTheDatabase(String url, String plain, String name) {
    ConnectionIdentity id = new ConnectionIdentity(url, null, null, null, null, Dialect.fromJdbcUrl(url));
    assertEquals(plain, DatabaseIdentity.plainUrl(url));
    assertEquals("url:" + plain, DatabaseIdentity.binding(id));
    assertEquals(name, DatabaseIdentity.nameToType(id));
  }

  @ParameterizedTest
  @CsvSource({"jdbc:postgresql://db/pilot, production"})
  void aMarkerIsTheIdentityAndTheNameToType(String url, String marker) {
    ConnectionIdentity id = new ConnectionIdentity(url, null, null, null, marker, Dialect.POSTGRES);
    assertEquals("marker:production", DatabaseIdentity.binding(id));
    assertEquals("production", DatabaseIdentity.nameToType(id));
  }
}
