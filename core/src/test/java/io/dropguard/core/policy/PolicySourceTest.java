package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySourceTest {
  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();
  final List<PolicyException> reported = new ArrayList<>();

  @Test
  void addedAndRemovedFilesAreSeenAfterTheInterval() throws Exception {
    Files.writeString(dir.resolve("b.yaml"), "name: b\nrules: []\n");
    PolicySource src = new PolicySource(dir, clock::get, 100);
    PolicySet first = src.current(reported::add).policies();
    assertEquals(List.of("b"), first.policies().stream().map(Policy::name).toList());

    Files.writeString(dir.resolve("a.yaml"), "name: a\nmatch: {url: \"jdbc:h2:*\"}\nrules: []\n");
    assertSame(first, src.current(reported::add).policies(), "not looked at within the interval");
    clock.addAndGet(100);
    assertEquals(List.of("a", "b"), src.current(reported::add).policies().policies().stream().map(Policy::name).toList());

    Files.delete(dir.resolve("a.yaml"));
    Files.delete(dir.resolve("b.yaml"));
    clock.addAndGet(100);
    PolicySource.State st = src.current(reported::add);
    assertEquals(2, st.policies().policies().size(), "an emptied directory keeps the last valid version");
    assertNotNull(st.error());
    assertEquals(1, reported.size());
    clock.addAndGet(100);
    src.current(reported::add);
    assertEquals(1, reported.size(), "reported once per change, not on every look");
  }

  @Test
  void aSourceThatNeverLoadedHasNoPolicies() throws Exception {
    Files.writeString(dir.resolve("x.yaml"), "rules: {}\n");
    PolicySource.State st = new PolicySource(dir, clock::get, 100).current(reported::add);
    assertNull(st.policies());
    assertEquals(
        dir.resolve("x.yaml") + ":1:8: expected a list of rules ('- when: [...]' lines) for 'rules', got a mapping",
        st.error().getMessage());
  }
}
