package io.dropguard.agent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the transformer: every class, in any class loader, loaded now or later, that implements
 * {@code java.sql.Driver} gets {@link DriverConnectAdvice} on {@code connect}, and every implementation of a
 * {@code javax.sql} connection source gets {@link DataSourceConnectionAdvice} on {@code getConnection}; H2's
 * {@code JdbcUtils}, through which H2's own tools connect, gets {@link EmbeddedToolConnectAdvice}.
 */
final class AgentInstaller {
  static final Set<String> DRIVER_TYPES = Set.of("java.sql.Driver");
  static final Set<String> CONNECTION_SOURCE_TYPES =
      Set.of(
          "javax.sql.DataSource",
          "javax.sql.ConnectionPoolDataSource",
          "javax.sql.XADataSource",
          "javax.sql.PooledConnection",
          "javax.sql.XAConnection");

  private AgentInstaller() {}

  static void install(Instrumentation instrumentation) {
    BootstrapBridge.install(instrumentation, new GuardingHook());
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    // no type validation: it loads and runs a lot of byte-buddy at start-up, for advice that is fixed and tested
    new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new ErrorReporter())
        // the JDK's own loaders hold no JDBC driver; DropGuard and its shaded libraries must never guard themselves
        .ignore(any(), isBootstrapClassLoader().or(isExtensionClassLoader()))
        .or(nameStartsWith("io.dropguard."))
        .or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")))
        .or(nameStartsWith("com.sun.").or(isSynthetic()))
        .type(new SuperTypeMatcher(DRIVER_TYPES))
        .transform(AgentInstaller::bridgeVisible)
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(
                    named("connect")
                        .and(takesArguments(2))
                        .and(takesArgument(0, String.class))
                        .and(takesArgument(1, Properties.class))
                        .and(returns(named("java.sql.Connection")))
                        .and(not(isAbstract()))
                        .and(not(isStatic())),
                    DriverConnectAdvice.class.getName()))
        .type(new SuperTypeMatcher(CONNECTION_SOURCE_TYPES))
        .transform(AgentInstaller::bridgeVisible)
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(
                    named("getConnection")
                        .and(returns(named("java.sql.Connection")))
                        .and(not(isAbstract()))
                        .and(not(isStatic())),
                    DataSourceConnectionAdvice.class.getName()))
        // [H2 tools] Shell and RunScript open H2 connections through JdbcUtils, never through Driver.connect
        .type(named("org.h2.util.JdbcUtils"))
        .transform(AgentInstaller::bridgeVisible)
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(
                    named("getConnection")
                        .and(isStatic())
                        .and(takesArgument(1, String.class))
                        .and(returns(named("java.sql.Connection"))),
                    EmbeddedToolConnectAdvice.class.getName()))
        .installOn(instrumentation);
  }

  /** The advice about to be inlined calls the bridge: the instrumented class's loader must see it. */
  private static DynamicType.Builder<?> bridgeVisible(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      java.security.ProtectionDomain protectionDomain) {
    try {
      BootstrapBridge.ensureVisibleFrom(loader);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot make the agent's bridge visible to " + loader, e);
    }
    return builder;
  }

  /**
   * Whether a class has one of the given super types. Unlike {@code hasSuperType}: a super type that cannot be
   * resolved (an optional dependency missing from the class path is common) means "no", not an error; and what
   * is known about each super type is remembered per class loader, so that the hundreds of classes of a driver
   * that share a few base classes do not each have their whole hierarchy read again (start-up cost).
   */
  static final class SuperTypeMatcher implements AgentBuilder.RawMatcher {
    private final Set<String> names;
    private final Map<ClassLoader, Map<String, Boolean>> known =
        Collections.synchronizedMap(new WeakHashMap<>());

    SuperTypeMatcher(Set<String> names) {
      this.names = names;
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> classBeingRedefined,
        java.security.ProtectionDomain protectionDomain) {
      if (type.isInterface()) {
        return false;
      }
      return hasSuperType(type, known.computeIfAbsent(loader, l -> new ConcurrentHashMap<>()), 0);
    }

    private boolean hasSuperType(TypeDefinition type, Map<String, Boolean> memo, int depth) {
      if (type == null || depth > 64) {
        return false;
      }
      boolean result = false;
      String name;
      try {
        TypeDescription erasure = type.asErasure();
        name = erasure.getName();
        if (names.contains(name)) {
          return true;
        }
        if ("java.lang.Object".equals(name)) {
          return false;
        }
        Boolean remembered = memo.get(name);
        if (remembered != null) {
          return remembered;
        }
        for (TypeDefinition anInterface : erasure.getInterfaces()) {
          if (hasSuperType(anInterface, memo, depth + 1)) {
            result = true;
            break;
          }
        }
        if (!result) {
          result = hasSuperType(erasure.getSuperClass(), memo, depth + 1);
        }
      } catch (RuntimeException unresolvable) {
        return false;
      }
      memo.put(name, result);
      return result;
    }
  }

  /** A driver or DataSource that could not be instrumented is not guarded: say so, on standard error. */
  static final class ErrorReporter extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      System.err.println(
          "DropGuard agent: could not instrument " + typeName + " (" + throwable
              + "); connections it creates are NOT guarded. Please report this.");
    }

    @Override
    public void onTransformation(
        TypeDescription typeDescription,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      // quiet: instrumenting drivers is the normal case
    }
  }
}
