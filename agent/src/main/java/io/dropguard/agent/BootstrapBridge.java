package io.dropguard.agent;

import io.dropguard.agent.bootstrap.AgentBridge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Makes {@link AgentBridge} visible to every class loader that gets instrumented. Loaders that delegate to the
 * system class path (the application loader, servlet and plugin loaders built on it) already see the agent jar,
 * which {@code -javaagent} puts there. An isolated loader (parent: the platform loader) does not: only then, the
 * bridge goes into a small private jar appended to the bootstrap search path, and the same hook is installed in
 * that copy. Doing it only when needed matters: once the bootstrap path is appended, the JVM turns class data
 * sharing off for non-bootstrap classes (and says so on standard error), which slows every later class load.
 */
final class BootstrapBridge {
  static final String BRIDGE = AgentBridge.class.getName();

  private static volatile Instrumentation instrumentation;
  private static volatile Function<Object[], Object> hook;
  private static boolean appended;

  private BootstrapBridge() {}

  static void install(Instrumentation inst, Function<Object[], Object> connectionHook) {
    instrumentation = inst;
    hook = connectionHook;
    AgentBridge.install(connectionHook);
  }

  /** Called while a class of {@code loader} is instrumented, before its advice can run. */
  static void ensureVisibleFrom(ClassLoader loader) throws IOException {
    if (loader == null || seesBridge(loader)) {
      return;
    }
    appendToBootstrap();
  }

  private static boolean seesBridge(ClassLoader loader) {
    try {
      Class.forName(BRIDGE, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static synchronized void appendToBootstrap() throws IOException {
    if (appended) {
      return;
    }
    Path jar = Files.createTempFile("dropguard-agent-bridge", ".jar");
    jar.toFile().deleteOnExit();
    String resource = BRIDGE.replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(resource));
      out.write(bytesOf(resource));
      out.closeEntry();
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    try {
      Class<?> bootstrapCopy = Class.forName(BRIDGE, true, null);
      bootstrapCopy.getMethod("install", Function.class).invoke(null, hook);
    } catch (ReflectiveOperationException e) {
      throw new IOException("could not wire the bootstrap copy of " + BRIDGE, e);
    }
    appended = true;
  }

  private static byte[] bytesOf(String resource) throws IOException {
    try (InputStream in = BootstrapBridge.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the agent jar has no " + resource);
      }
      return in.readAllBytes();
    }
  }
}
