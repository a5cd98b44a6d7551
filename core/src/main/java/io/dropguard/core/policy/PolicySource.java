package io.dropguard.core.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The policies of one configured path, reloaded when a file changes (#3 hot reload). Checks happen on the
 * calling thread, at most once per interval, and only look at file sizes and modification times; there is no
 * background thread. A broken edit keeps the last valid version in force.
 */
public final class PolicySource {
  /** How often files are looked at, at most. */
  public static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

  private final Path path;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final ReentrantLock checking = new ReentrantLock();
  private volatile State state;
  private volatile long lastCheck;
  private List<Object> fingerprint;

  /**
   * What is in force.
   *
   * @param policies the last valid version, or null when no version was ever valid
   * @param error the problems of the files as they are now, or null when they load
   */
  public record State(PolicySet policies, PolicyException error) {}

  public PolicySource(Path path) {
    this(path, System::nanoTime, CHECK_INTERVAL_NANOS);
  }

  /** For tests: a clock and an interval. */
  public PolicySource(Path path, LongSupplier nanoTime, long intervalNanos) {
    this.path = path;
    this.nanoTime = nanoTime;
    this.intervalNanos = intervalNanos;
    this.fingerprint = fingerprint();
    this.state = load(null);
    this.lastCheck = nanoTime.getAsLong();
  }

  public Path path() {
    return path;
  }

  /**
   * The policies in force, after a reload when a file changed since the last look.
   *
   * @param onReloadError told (on this thread) when a changed file fails to load, once per change
   */
  public State current(Consumer<PolicyException> onReloadError) {
    long now = nanoTime.getAsLong();
    if (now - lastCheck < intervalNanos || !checking.tryLock()) {
      return state;
    }
    try {
      if (now - lastCheck < intervalNanos) {
        return state;
      }
      List<Object> fp = fingerprint();
      lastCheck = now;
      if (!fp.equals(fingerprint)) {
        fingerprint = fp;
        State next = load(state.policies());
        state = next;
        if (next.error() != null) {
          onReloadError.accept(next.error());
        }
      }
      return state;
    } finally {
      checking.unlock();
    }
  }

  private State load(PolicySet lastValid) {
    try {
      return new State(PolicyLoader.loadAll(path), null);
    } catch (PolicyException e) {
      return new State(lastValid, e);
    }
  }

  /** Names, sizes and modification times of the files that make up the policy. */
  private List<Object> fingerprint() {
    List<Object> fp = new ArrayList<>();
    try {
      for (Path f : PolicyLoader.policyFiles(path)) {
        fp.add(f.getFileName().toString());
        try {
          BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
          fp.add(a.size());
          fp.add(a.lastModifiedTime());
        } catch (IOException e) {
          fp.add("unreadable");
        }
      }
    } catch (IOException e) {
      fp.add("unlistable");
    }
    return fp;
  }
}
