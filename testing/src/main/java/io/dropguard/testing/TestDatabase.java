package io.dropguard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases DropGuard's tests run on. H2 is embedded; PostgreSQL and MariaDB are the machine's real servers.
 * {@link #require()} skips a test with a clear message when a server is not there, and fails it when
 * {@code CI=true} (CI must never skip them).
 */
public enum TestDatabase {
  H2("jdbc:h2:mem:", "sa", ""),
  POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
  MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

  private final String baseUrl;
  private final String user;
  private final String password;

  TestDatabase(String baseUrl, String user, String password) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * A real URL for this database. For H2 each call gives a fresh named in-memory database that lives while a
   * connection is open; the servers share one database, so tests use {@link #uniqueName(String)} for tables.
   */
  public String url() {
    return this == H2 ? baseUrl + "t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1" : baseUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }

  /** A table name no other test run uses at the same time. */
  public static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Skips (or, under {@code CI=true}, fails) the calling test when this database cannot be reached. */
  public void require() {
    if (this == H2) {
      return;
    }
    String problem = probe();
    if (problem == null) {
      return;
    }
    String message =
        name() + " is not reachable at " + baseUrl + " (" + problem + "). Start it with "
            + (this == POSTGRES
                ? "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'"
                : "'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'");
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true, so this test may not be skipped: " + message);
    }
    Assumptions.abort(message);
  }

  private String probe() {
    try (Connection c = DriverManager.getConnection(baseUrl, credentials())) {
      return c.isValid(2) ? null : "connection not valid";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }
}
