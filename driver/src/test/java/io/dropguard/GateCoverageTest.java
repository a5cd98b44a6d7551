package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Found by reflection, so that a new JDBC method cannot slip past: every Statement method that takes SQL text, and
 * every PreparedStatement/CallableStatement method that executes, refuses a destructive statement before the real
 * driver sees it. Runs over {@link FakeJdbc}, a recording fake driver, with whatever policy applies to an unknown
 * database (the built-in default refuses DROP TABLE there, by block or by confirmation).
 */
class GateCoverageTest {
  private static final String DROP = "DROP TABLE t";
  private final FakeJdbc fake = new FakeJdbc("jdbc:fake://db.internal/prod");

  private Connection guarded() throws SQLException {
    return GuardedConnection.open(fake.connection(), "jdbc:fake://db.internal/prod", ConnectionOrigin.none(), Map.of(), true);
  }

  @TestFactory
  Stream<DynamicTest> everyStatementMethodTakingSqlIsGated() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : Statement.class.getMethods()) {
      if (m.getParameterCount() == 0 || m.getParameterTypes()[0] != String.class || !sends(m.getName())) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(m.toGenericString(), () -> {
        Statement st = guarded().createStatement();
        Object[] args = arguments(m, DROP);
        if (m.getName().equals("addBatch")) {
          m.invoke(st, args);
          assertRefusedWith(() -> st.executeBatch());
          assertFalse(fake.calls.contains("Statement.executeBatch"), "the real batch never ran");
          assertTrue(fake.calls.contains("Statement.clearBatch"), "the real batch was cleared");
        } else {
          assertRefusedWith(() -> invoke(m, st, args));
        }
        assertNothingExecuted();
      }));
    }
    assertTrue(tests.size() >= 14, "found " + tests.size() + " methods");
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyPreparedAndCallableExecutionIsGated() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : List.of(PreparedStatement.class, CallableStatement.class)) {
      for (Method m : type.getMethods()) {
        if (m.getParameterCount() != 0 || !(m.getName().startsWith("execute"))) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(type.getSimpleName() + "." + m.getName() + "()", () -> {
          PreparedStatement ps;
          try {
            Connection c = guarded();
            ps = type == CallableStatement.class ? c.prepareCall(DROP) : c.prepareStatement(DROP);
          } catch (SQLException refusedAtPrepare) {
            assertTrue(refusedAtPrepare.getSQLState().startsWith("ZG"), refusedAtPrepare.getMessage());
            assertFalse(fake.sqlCalls.stream().anyMatch(s -> s.contains("prepare")), "refused before preparing");
            return;
          }
          if (m.getName().endsWith("Batch")) {
            ps.addBatch();
          }
          assertRefusedWith(() -> invoke(m, ps, new Object[0]));
          assertNothingExecuted();
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void nativeSqlIsDecidedLikeAPreparation() throws Exception {
    Connection c = guarded();
    try {
      c.nativeSQL(DROP);
    } catch (SQLException e) {
      assertTrue(e.getSQLState().startsWith("ZG"));
      assertFalse(fake.calls.contains("Connection.nativeSQL"), "refused before the driver saw it");
    }
  }

  @Test
  void jdbcEscapeSyntaxIsDecidedAsTheDatabaseWillSeeIt() throws Exception {
    // The fake driver translates the escape into a DROP: the guard must decide the translation.
    fake.nativeSql = s -> s.startsWith("{call") ? DROP : s;
    Statement st = guarded().createStatement();
    assertRefusedWith(() -> st.execute("{call harmless_looking()}"));
    assertNothingExecuted();
  }

  @Test
  void aRefusedConnectionTellsWhichSqlStateAndRunsNothing() throws Exception {
    Statement st = guarded().createStatement();
    SQLException e = assertRefusedWith(() -> st.executeUpdate("TRUNCATE TABLE t"));
    assertTrue(e instanceof DropGuardException, e.getClass().getName());
    assertEquals(e.getSQLState(), ((DropGuardException) e).getSQLState());
    assertNothingExecuted();
  }

  private void assertNothingExecuted() {
    for (String call : fake.sqlCalls) {
      // Recording a batch entry or preparing runs nothing (a statement that needs a confirmation is prepared and
      // decided when it executes).
      if (!call.startsWith("Statement.addBatch") && !call.startsWith("Connection.prepare")) {
        fail("the real driver received: " + call);
      }
    }
    for (String call : fake.calls) {
      if (call.endsWith(".execute") || call.contains(".executeQuery") || call.contains(".executeUpdate")
          || call.contains(".executeLarge") || call.endsWith(".executeBatch")) {
        fail("the real driver executed: " + call);
      }
    }
  }

  private static boolean sends(String name) {
    return name.startsWith("execute") || name.equals("addBatch");
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  private static Object[] arguments(Method m, String sql) {
    Object[] args = new Object[m.getParameterCount()];
    args[0] = sql;
    for (int i = 1; i < args.length; i++) {
      Class<?> t = m.getParameterTypes()[i];
      args[i] = t == int.class ? Statement.RETURN_GENERATED_KEYS : t == int[].class ? new int[] {1} : new String[] {"id"};
    }
    return args;
  }

  @FunctionalInterface
  interface Call {
    Object call() throws Exception;
  }

  private static SQLException assertRefusedWith(Call call) {
    try {
      call.call();
    } catch (SQLException e) {
      assertTrue(e.getSQLState() != null && e.getSQLState().startsWith("ZG"), "a DropGuard refusal: " + e);
      return e;
    } catch (Exception e) {
      fail("expected a DropGuard refusal, got " + e, e);
    }
    return fail("expected a DropGuard refusal, but the statement ran");
  }
}
