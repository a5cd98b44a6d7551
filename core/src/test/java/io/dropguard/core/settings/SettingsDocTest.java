package io.dropguard.core.settings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's settings table is the Setting enum; on a mismatch the failure prints the table to paste. */
class SettingsDocTest {
  static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| setting | environment variable | default | meaning |\n");
    sb.append("| --- | --- | --- | --- |\n");
    for (Setting s : Setting.values()) {
      sb.append("| `")
          .append(s.key())
          .append("` | `")
          .append(s.envName())
          .append("` | ")
          .append(s.defaultValue() == null ? "(none)" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.doc())
          .append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void docsTableMatchesTheEnum() throws Exception {
    String doc = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String table = table();
    assertTrue(doc.contains(table), "README.md must contain this settings table:\n\n" + table);
  }
}
