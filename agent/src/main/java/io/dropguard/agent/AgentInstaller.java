package io.dropguard.agent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the transformer: every class, in any class loader, loaded now or later, that implements
 * {@code java.sql.Driver} gets {@link DriverConnectAdvice} on {@code connect}, and every implementation of a
 * {@code javax.sql} connection source gets {@link DataSourceConnectionAdvice} on {@code getConnection}.
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
        .type(not(isInterface()).and(new SafeSuperTypeMatcher(DRIVER_TYPES)))
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
        .type(not(isInterface()).and(new SafeSuperTypeMatcher(CONNECTION_SOURCE_TYPES)))
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
   * Whether a type has one of the given super types. Unlike {@code hasSuperType}, a super type that cannot be
   * resolved (an optional dependency missing from the class path is common) means "no", not an error.
   */
  static final class SafeSuperTypeMatcher extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    private final Set<String> names;

    SafeSuperTypeMatcher(Set<String> names) {
      this.names = names;
    }

    @Override
    public boolean matches(TypeDescription target) {
      return hasSuperType(target, 0);
    }

    private boolean hasSuperType(TypeDefinition type, int depth) {
      if (type == null || depth > 64) {
        return false;
      }
      try {
        TypeDescription erasure = type.asErasure();
        if (names.contains(erasure.getName())) {
          return true;
        }
        if ("java.lang.Object".equals(erasure.getName())) {
          return false;
        }
        for (TypeDefinition anInterface : erasure.getInterfaces()) {
          if (hasSuperType(anInterface, depth + 1)) {
            return true;
          }
        }
        return hasSuperType(erasure.getSuperClass(), depth + 1);
      } catch (RuntimeException unresolvable) {
        return false;
      }
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
