package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.driver.ConnectionGuarding;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AttachmentTest {
  /** A real driver that records what DropGuard gave it. */
  static final class RecordingDriver implements Driver {
    final List<Properties> received = new ArrayList<>();
    final List<Boolean> connectingFlags = new ArrayList<>();

    @Override
    public Connection connect(String url, Properties info) {
      received.add(info);
      connectingFlags.add(ConnectionGuarding.isDropGuardConnecting());
      return new FakeJdbc(url).connection();
    }

    @Override
    public boolean acceptsURL(String url) {
      return url.startsWith("jdbc:recording:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("recording");
    }
  }

  @Test
  void theRealDriverGetsEveryPropertyButDropGuardsAndIsMarkedAsDropGuardConnecting() throws SQLException {
    RecordingDriver real = new RecordingDriver();
    Properties defaults = new Properties();
    defaults.setProperty("ssl", "true");
    Properties info = new Properties(defaults);
    info.setProperty("user", "app");
    info.setProperty("dropguard.audit", "stderr");
    try (Connection c = Attachment.connect(real, "jdbc:recording:db", info)) {
      assertTrue(DropGuard.isGuarded(c));
      Properties got = real.received.get(0);
      assertEquals("app", got.getProperty("user"));
      assertEquals("true", got.getProperty("ssl"), "defaults are passed too");
      assertFalse(got.stringPropertyNames().contains("dropguard.audit"));
      assertEquals(List.of(true), real.connectingFlags);
      assertFalse(ConnectionGuarding.isDropGuardConnecting(), "only while connecting");
    }
    assertEquals(
        java.util.Map.of("dropguard.audit", "stderr"), Attachment.settings(info));
  }
}
