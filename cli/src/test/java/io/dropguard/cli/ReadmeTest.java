package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's snippets that can be checked without a server: its two commands, and its policy YAML. */
class ReadmeTest {
  static final Path ROOT = Path.of("..");
  static final String DEMO_COMMAND = "mvn -B -q package -DskipTests && java -jar cli/target/dropguard.jar demo";
  static final String TEST_COMMAND = "mvn -B verify";

  static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  /** The fenced blocks of one info string ({@code sh}, {@code yaml}, or empty), read fence by fence. */
  static List<String> blocks(String markdown, String info) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    String currentInfo = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.startsWith("```")) {
        current = new StringBuilder();
        currentInfo = line.substring(3).strip();
      } else if (current != null && line.equals("```")) {
        if (currentInfo.equals(info)) {
          out.add(current.toString());
        }
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return out;
  }

  @Test
  void theTwoCommandsAreTheOnesTheProjectRuns() throws IOException {
    List<String> sh = blocks(readme(), "sh");
    assertEquals(DEMO_COMMAND, sh.get(0).strip(), "README's first command runs the demo");
    assertTrue(sh.contains(TEST_COMMAND + "\n"), "README gives the test command: " + sh);
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertTrue(ci.lines().anyMatch(l -> l.strip().equals(TEST_COMMAND)), ".ci/run runs README's test command");
  }

  @Test
  void everyPolicySnippetIsAValidPolicy() throws IOException {
    int checked = 0;
    for (String yaml : blocks(readme(), "yaml")) {
      if (!yaml.lines().anyMatch(l -> l.startsWith("rules:"))) {
        continue; // a fragment of a section (confirm:, a case file), not a policy
      }
      try {
        PolicyLoader.parse(yaml, "README.md", null);
      } catch (PolicyException e) {
        throw new AssertionError("a README policy snippet does not lint:\n" + yaml + "\n" + e.getMessage(), e);
      }
      checked++;
    }
    assertTrue(checked >= 3, "policy snippets found: " + checked);
  }

  @Test
  void thePerformanceSectionHasItsFigures() throws IOException {
    String text = readme();
    assertFalse(text.contains("RESULTS_PLACEHOLDER"), "the Performance section has its figures");
  }
}
