package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of the wrapped JDBC interfaces, JDBC default methods included (enquoteLiteral, executeLargeUpdate,
 * beginRequest, ...), is implemented by a DropGuard class: a default method left to the interface would run
 * the interface's code (or reach the real object through it) without the wrapper deciding.
 */
class WrapperCompletenessTest {
  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of(Connection.class, GuardedConnection.class),
        Arguments.of(Statement.class, GuardedStatement.class),
        Arguments.of(PreparedStatement.class, GuardedPreparedStatement.class),
        Arguments.of(CallableStatement.class, GuardedCallableStatement.class),
        Arguments.of(DatabaseMetaData.class, GuardedDatabaseMetaData.class),
        Arguments.of(ResultSet.class, GuardedResultSet.class),
        Arguments.of(DataSource.class, GuardedDataSource.class));
  }

  @ParameterizedTest(name = "{1} implements every method of {0}")
  @MethodSource("wrappers")
  void everyInterfaceMethodIsImplementedByTheWrapper(Class<?> jdbc, Class<?> wrapper) throws Exception {
    List<String> missing = new ArrayList<>();
    for (Method m : jdbc.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method impl = wrapper.getMethod(m.getName(), m.getParameterTypes());
      if (impl.getDeclaringClass().isInterface() || !impl.getDeclaringClass().getName().startsWith("io.dropguard.")) {
        missing.add(m.toGenericString());
      }
    }
    assertEquals(List.of(), missing, wrapper.getSimpleName() + " leaves these to the interface");
  }

  @ParameterizedTest(name = "{1} is final, package-private and Guarded")
  @MethodSource("wrappers")
  void wrappersAreFinalPackagePrivateAndMarked(Class<?> jdbc, Class<?> wrapper) {
    assertTrue(Modifier.isFinal(wrapper.getModifiers()), "final");
    assertFalse(Modifier.isPublic(wrapper.getModifiers()), "not public");
    assertTrue(Guarded.class.isAssignableFrom(wrapper), "implements Guarded");
    assertTrue(jdbc.isAssignableFrom(wrapper));
  }
}
