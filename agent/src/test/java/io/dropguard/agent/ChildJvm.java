package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Starts a separate JVM the way a user would: an application class path that holds no DropGuard class (only the
 * test applications and third-party jars), optionally {@code -javaagent:} pointing at the shaded jar.
 */
final class ChildJvm {
  /** Generous: only a hang (a non-daemon thread, a deadlock) gets near it. */
  private static final long EXIT_LIMIT_SECONDS = 120;

  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> prependedClassPath = new ArrayList<>();
  private Predicate<String> classPathFilter = entry -> true;
  private String agentOptions;
  private boolean agent;

  static ChildJvm withAgent(String options) {
    ChildJvm jvm = new ChildJvm();
    jvm.agent = true;
    jvm.agentOptions = options;
    return jvm;
  }

  static ChildJvm withoutAgent() {
    return new ChildJvm();
  }

  static Path agentJar() {
    return Path.of(System.getProperty("dropguard.agent.jar", "target/dropguard-agent.jar"));
  }

  ChildJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  /** Drops class path entries (jar file names) matching {@code exclude}. */
  ChildJvm excludeJars(Predicate<String> exclude) {
    classPathFilter = classPathFilter.and(entry -> !exclude.test(Path.of(entry).getFileName().toString()));
    return this;
  }

  ChildJvm prependClassPath(Path entry) {
    prependedClassPath.add(entry.toString());
    return this;
  }

  Result run(Class<?> mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agent) {
      command.add("-javaagent:" + agentJar() + (agentOptions != null ? "=" + agentOptions : ""));
    }
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass.getName());
    command.addAll(Arrays.asList(args));

    Path out = Files.createTempFile("child-out", ".txt");
    Path err = Files.createTempFile("child-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DROPGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
    Process process = builder.start();
    try {
      if (!process.waitFor(EXIT_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("the child JVM did not exit within " + EXIT_LIMIT_SECONDS + " s after starting " + mainClass.getName()
            + " (a non-daemon thread keeps it alive?)\nstderr:\n" + Files.readString(err));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          String.join(" ", command));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * The test's own class path minus everything DropGuard builds (the reactor's classes and jars), so that the
   * child sees DropGuard only through the agent; Calcite and Avatica are left out because they register JDBC
   * drivers of their own, which would only slow every child down.
   */
  private String classPath() {
    String root = Path.of(System.getProperty("dropguard.root", ".")).toAbsolutePath().normalize().toString();
    String testClasses = Path.of(System.getProperty("dropguard.test.classes", "target/test-classes"))
        .toAbsolutePath().normalize().toString();
    List<String> entries = new ArrayList<>(prependedClassPath);
    entries.add(testClasses);
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .filter(e -> !e.startsWith(root))
        .filter(e -> !Path.of(e).getFileName().toString().startsWith("calcite-"))
        .filter(e -> !Path.of(e).getFileName().toString().startsWith("avatica-"))
        .filter(e -> !Path.of(e).getFileName().toString().startsWith("surefire"))
        .filter(classPathFilter)
        .forEach(entries::add);
    return entries.stream().distinct().collect(Collectors.joining(File.pathSeparator));
  }

  record Result(int exitCode, String stdout, String stderr, String command) {
    /** For assertion messages: everything a person needs to see why a child did what it did. */
    String describe() {
      return "exit " + exitCode + "\ncommand: " + command + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    List<String> stdoutLines() {
      return stdout.lines().collect(Collectors.toList());
    }
  }
}
