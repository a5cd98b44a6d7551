package io.dropguard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import stubdb.StubDriver;

/** The database under every stack: H2 in memory, the real PostgreSQL server on loopback, or a stub driver. */
public enum Database {
  /** H2 in memory, in the benchmark's own JVM: the database's own work is small, so wrappers show up. */
  H2("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "", "h2"),
  /** The PostgreSQL server on 127.0.0.1:5432, database test: a real round trip per statement. */
  POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "postgresql"),
  /**
   * A driver that does nothing (as HikariCP-benchmark's stubs): what remains is the cost of the pool and the
   * wrappers alone.
   */
  STUB(StubDriver.URL, "stub", "", "h2");

  private final String url;
  private final String user;
  private final String password;
  private final String druidDbType;

  Database(String url, String user, String password, String druidDbType) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.druidDbType = druidDbType;
  }

  /** The real driver's URL. */
  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Druid's name for the dialect, which selects its wall provider (H2 uses the MySQL one). */
  String druidDbType() {
    return druidDbType;
  }

  /** A connection straight to the real driver, for setting the schema up outside every stack. */
  Connection openAdmin() throws SQLException {
    if (this == STUB) {
      StubDriver.register();
    }
    return DriverManager.getConnection(url, user, password);
  }
}
