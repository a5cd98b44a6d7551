package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement that needs confirmation is decided when it runs, not when it is prepared, so that a token presented
 * through {@code DropGuard.confirm} or {@code dropguard.confirm} after (or before) preparing confirms it once.
 */
class ConfirmFlowTest {
  private static final Pattern TOKEN = Pattern.compile("Token:\\s+([A-Z0-9]{4}-[A-Z0-9]{4})");
  @TempDir Path temp;
  private String url;
  private Connection raw;

  @BeforeEach
  void createTable() throws SQLException {
    url = "jdbc:h2:file:" + temp.resolve("confirm").toAbsolutePath();
    raw = DriverManager.getConnection(url, "sa", "");
    try (Statement st = raw.createStatement()) {
      st.execute("create table t (id bigint primary key, name varchar(40))");
      st.execute("insert into t values (1, 'one'), (2, 'two'), (3, 'three')");
    }
  }

  @AfterEach
  void close() throws SQLException {
    raw.close();
  }

  private Connection open(String token) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty(
        "dropguard.policies",
        PolicyFiles.write(
                temp.resolve("policies"),
                "confirm.yaml",
                "name: confirm-deletes\nrules:\n  - when: [delete_all]\n    action: confirm\ndefault: allow\n")
            .toString());
    p.setProperty("dropguard.state_dir", temp.resolve("state").toString());
    p.setProperty("dropguard.audit", temp.resolve("audit.log").toString());
    if (token != null) {
      p.setProperty("dropguard.confirm", token);
    }
    return DriverManager.getConnection("jdbc:dropguard:" + url.substring(5), p);
  }

  private static String token(SQLException e) {
    assertEquals("ZG002", e.getSQLState(), e.getMessage());
    assertTrue(e instanceof ConfirmationRequiredException);
    Matcher m = TOKEN.matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    return m.group(1);
  }

  @Test
  void aTokenPresentedThroughTheApiConfirmsAPreparedStatementOnce() throws Exception {
    try (Connection c = open(null);
        PreparedStatement ps = c.prepareStatement("DELETE FROM t")) {
      String token = token(assertThrows(SQLException.class, ps::executeUpdate));
      assertEquals(3, Rows.count(raw, "t"), "refused: nothing deleted");
      DropGuard.confirm(c, token);
      assertEquals(3, ps.executeUpdate());
      assertEquals(0, Rows.count(raw, "t"));
      try (Statement st = raw.createStatement()) {
        st.execute("insert into t values (4, 'four')");
      }
      token(assertThrows(SQLException.class, ps::executeUpdate)); // used up: a new token is needed
      assertEquals(1, Rows.count(raw, "t"));
    }
  }

  @Test
  void aTokenGivenAsASettingIsNotUsedUpByPreparing() throws Exception {
    String token;
    try (Connection c = open(null); Statement st = c.createStatement()) {
      token = token(assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM t")));
    }
    try (Connection c = open(token);
        PreparedStatement ps = c.prepareStatement("DELETE FROM t")) {
      assertEquals(3, ps.executeUpdate());
    }
    assertEquals(0, Rows.count(raw, "t"));
  }
}
