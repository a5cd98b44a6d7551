package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropguard.core.analysis.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadingCommentTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "/* dropguard:confirm=K7M2-9QX4 */ DELETE FROM t          | POSTGRES | K7M2-9QX4",
      "/*dropguard:confirm=K7M2-9QX4*/DELETE FROM t             | POSTGRES | K7M2-9QX4",
      "  \\n /*  DropGuard : Confirm = k7m2-9qx4  */ DELETE FROM t | POSTGRES | k7m2-9qx4",
      "/* ticket 42 */ /* dropguard:confirm=K7M2-9QX4 */ DELETE | POSTGRES | K7M2-9QX4",
      "-- reset\\n/* dropguard:confirm=K7M2-9QX4 */ DELETE        | POSTGRES | K7M2-9QX4",
      "# reset\\n/* dropguard:confirm=K7M2-9QX4 */ DELETE         | MYSQL    | K7M2-9QX4",
      "/* dropguard:confirm=K7M2 */ DELETE                      | POSTGRES | K7M2",
      "DELETE FROM t /* dropguard:confirm=K7M2-9QX4 */          | POSTGRES | NONE",
      "DELETE /* dropguard:confirm=K7M2-9QX4 */ FROM t          | POSTGRES | NONE",
      "/*! dropguard:confirm=K7M2-9QX4 */ DELETE FROM t         | MYSQL    | NONE",
      "/* please confirm=K7M2-9QX4 */ DELETE FROM t             | POSTGRES | NONE",
      "/* dropguard:confirm=K7M2-9QX4 DELETE FROM t             | POSTGRES | NONE",
      "-- dropguard:confirm=K7M2-9QX4\\nDELETE FROM t            | POSTGRES | NONE",
  })
  void readsOnlyALeadingConfirmComment(String sql, Dialect dialect, String expected) {
    assertEquals(expected, LeadingComment.token(sql.replace("\\n", "\n"), dialect));
  }
}
