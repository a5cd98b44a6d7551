package io.dropguard.core.confirm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link ConfirmChild} in a JVM of its own. */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(ConfirmChild.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  static Process start(List<String> command, File stdin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      pb.redirectInput(stdin);
    }
    return pb.start();
  }

  /** Everything the process writes, once it has ended (a generous limit, so a hang fails instead of hanging CI). */
  static String output(Process p) throws IOException, InterruptedException {
    InputStream in = p.getInputStream();
    String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not end: " + out);
    }
    return out;
  }

  /** Reads the process's output up to and including the first line that starts with {@code prefix}. */
  static String readUntil(InputStream in, String marker) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.indexOf(marker) >= 0) {
        return b.toString();
      }
    }
    throw new AssertionError("ended before \"" + marker + "\": " + b);
  }

  static String line(String output, String prefix) {
    return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
        .orElseThrow(() -> new AssertionError("no \"" + prefix + "\" line in: " + output));
  }
}
