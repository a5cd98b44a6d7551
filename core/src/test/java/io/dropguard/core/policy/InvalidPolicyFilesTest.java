package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file in policies/invalid is broken; its {@code # expect:} lines are the exact message, in order. */
class InvalidPolicyFilesTest {
  static final Path DIR = Path.of("src/test/resources/policies/invalid");

  @TestFactory
  Stream<DynamicTest> eachBrokenFileGivesItsExpectedMessage() throws Exception {
    List<Path> files = PolicyLoader.policyFiles(DIR);
    assertFalse(files.isEmpty());
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      String text = Files.readString(f, StandardCharsets.UTF_8);
                      String expected =
                          text.lines()
                              .filter(l -> l.startsWith("# expect: "))
                              .map(l -> l.substring("# expect: ".length()))
                              .collect(Collectors.joining("\n"));
                      assertFalse(expected.isEmpty(), "the file names its expected message");
                      PolicyException e =
                          assertThrows(
                              PolicyException.class,
                              () -> PolicyLoader.parse(text, f.getFileName().toString(), null));
                      assertEquals(expected, e.getMessage());
                    }));
  }
}
