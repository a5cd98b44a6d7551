package io.dropguard.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.DropGuard;
import io.dropguard.testing.PolicyFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropGuardDriverTest {
  private final DropGuardDriver driver = new DropGuardDriver();
  @TempDir Path temp;

  @Test
  void acceptsOnlyItsOwnPrefix() {
    assertTrue(driver.acceptsURL("jdbc:dropguard:postgresql://db/x"));
    assertFalse(driver.acceptsURL("jdbc:postgresql://db/x"));
    assertFalse(driver.acceptsURL("jdbc:h2:mem:dropguard:x"));
    assertFalse(driver.acceptsURL(null));
  }

  @Test
  void connectReturnsNullForOtherUrls() throws SQLException {
    assertNull(driver.connect("jdbc:h2:mem:x", new Properties()));
  }

  @Test
  void isRegisteredThroughServicesAndFoundForItsUrls() throws SQLException {
    assertTrue(DriverManager.getDriver("jdbc:dropguard:h2:mem:x") instanceof DropGuardDriver);
    assertFalse(driver.jdbcCompliant());
  }

  @Test
  void theRealDriverIsFoundForTheInnerUrlAndGetsNoDropGuardProperties() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("dropguard.policies", PolicyFiles.blockDestructive(temp).toString());
    // H2 refuses unknown connection settings, so a leaked dropguard.* property would fail this connect.
    try (Connection c = DriverManager.getConnection("jdbc:dropguard:h2:mem:driverTest", p)) {
      assertTrue(DropGuard.isGuarded(c));
      assertEquals("jdbc:h2:mem:driverTest", c.getMetaData().getURL());
    }
  }

  @Test
  void aDoubledPrefixIsGuardedOnce() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:dropguard:dropguard:h2:mem:doubled", "sa", "")) {
      assertTrue(DropGuard.isGuarded(c));
      assertSame(c, DropGuard.wrap(c));
    }
  }

  @Test
  void noRealDriverIsReportedWithTheUrlMaskedAndWhatToAdd() {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:dropguard:sqlite:/tmp/x.db?password=hunter2", new Properties()));
    assertEquals("08001", e.getSQLState());
    String m = e.getMessage();
    assertTrue(m.startsWith("DropGuard: no JDBC driver accepts the real URL jdbc:sqlite:/tmp/x.db?password=****"), m);
    assertFalse(m.contains("hunter2"), m);
    assertTrue(m.contains("org.h2.Driver (does not accept it)"), m);
    assertFalse(m.contains("DropGuardDriver"), "never a candidate for itself: " + m);
    assertTrue(m.contains("To proceed: add the database's JDBC driver to the class path (for this URL: org.xerial:sqlite-jdbc)"), m);
  }

  @Test
  void propertyInfoIsTheRealDriversPlusDropGuards() throws SQLException {
    DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:dropguard:h2:mem:x", new Properties());
    assertTrue(Arrays.stream(info).anyMatch(i -> i.name.equals("dropguard.policies") && i.description != null));
    Driver h2 = DriverManager.getDriver("jdbc:h2:mem:x");
    assertEquals(h2.getPropertyInfo("jdbc:h2:mem:x", new Properties()).length + io.dropguard.core.settings.Setting.values().length, info.length);
    assertEquals(0, driver.getPropertyInfo("jdbc:h2:mem:x", new Properties()).length);
  }
}
