package io.dropguard.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {
  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void connectionBeatsSystemBeatsAgentBeatsEnvironment() throws Exception {
    Map<String, String> env =
        Map.of("DROPGUARD_POLICIES", "/env", "DROPGUARD_AUDIT", "/env.log", "DROPGUARD_STATE_DIR", "/env-state",
            "DROPGUARD_CONFIRM", "ENV-TOKEN", "PATH", "/usr/bin");
    Map<String, String> agent =
        Map.of("dropguard.policies", "/agent", "dropguard.audit", "/agent.log", "dropguard.state_dir", "/agent-state");
    Properties sys = props("dropguard.policies", "/sys", "dropguard.audit", "/sys.log", "java.home", "/jdk");
    Map<String, String> conn = Map.of("dropguard.policies", "/conn", "user", "app");

    Settings s = SettingsResolver.resolve(conn, sys, agent, env);
    assertEquals("/conn", s.get(Setting.POLICIES));
    assertEquals("connection property dropguard.policies", s.sourceOf(Setting.POLICIES));
    assertEquals("/sys.log", s.get(Setting.AUDIT));
    assertEquals("system property dropguard.audit", s.sourceOf(Setting.AUDIT));
    assertEquals("/agent-state", s.get(Setting.STATE_DIR));
    assertEquals("agent option dropguard.state_dir", s.sourceOf(Setting.STATE_DIR));
    assertEquals("ENV-TOKEN", s.get(Setting.CONFIRM));
    assertEquals("environment variable DROPGUARD_CONFIRM", s.sourceOf(Setting.CONFIRM));
    assertEquals("refuse", s.get(Setting.ON_CONFIG_ERROR));
    assertEquals("default", s.sourceOf(Setting.ON_CONFIG_ERROR));
  }

  @Test
  void unknownKeyIsAnErrorWithASuggestion() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> SettingsResolver.resolve(Map.of(), props("dropguard.polices", "/x"), Map.of(), Map.of()));
    assertEquals("unknown setting system property dropguard.polices, did you mean 'dropguard.policies'?", e.getMessage());
  }

  @Test
  void unknownEnvironmentVariableSuggestsTheVariable() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> SettingsResolver.resolve(Map.of(), props(), Map.of(), Map.of("DROPGUARD_AUDT", "stderr")));
    assertEquals("unknown setting environment variable DROPGUARD_AUDT, did you mean 'DROPGUARD_AUDIT'?", e.getMessage());
  }

  @Test
  void farOffKeyListsTheKnownOnes() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> SettingsResolver.resolve(Map.of("dropguard.xyzzy", "1"), props(), Map.of(), Map.of()));
    assertTrue(e.getMessage().startsWith("unknown setting connection property dropguard.xyzzy (known: dropguard.policies,"), e.getMessage());
  }

  @Test
  void warnModeToleratesUnknownKeysAndSaysSo() throws Exception {
    Settings s =
        SettingsResolver.resolve(
            Map.of("dropguard.polices", "/x"), props(), Map.of("dropguard.on_config_error", "warn"), Map.of());
    assertEquals(List.of("unknown setting connection property dropguard.polices, did you mean 'dropguard.policies'?"), s.warnings());
  }

  @Test
  void badOnConfigErrorValueIsAnError() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> SettingsResolver.resolve(Map.of(), props(), Map.of(), Map.of("DROPGUARD_ON_CONFIG_ERROR", "ignore")));
    assertEquals(
        "setting environment variable DROPGUARD_ON_CONFIG_ERROR is 'ignore': expected refuse or warn", e.getMessage());
  }

  @Test
  void buildPropertyOfDropGuardsOwnTestsIsNotASetting() throws Exception {
    SettingsResolver.resolve(Map.of(), props("dropguard.corpus", "../shared/corpus"), Map.of(), Map.of());
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertEquals("DROPGUARD_POLICIES", Setting.POLICIES.envName());
    assertEquals("DROPGUARD_ON_CONFIG_ERROR", Setting.ON_CONFIG_ERROR.envName());
  }

  @Test
  void anEnvironmentMapOtherThanTheProcessEnvironmentIsReadEveryTime() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(Map.of("DROPGUARD_AUDIT", "/a.log"));
    assertEquals("/a.log", SettingsResolver.resolve(Map.of(), props(), Map.of(), env).get(Setting.AUDIT));
    env.put("DROPGUARD_AUDIT", "/b.log");
    assertEquals("/b.log", SettingsResolver.resolve(Map.of(), props(), Map.of(), env).get(Setting.AUDIT));
  }

  @Test
  void theProcessEnvironmentReadOnceGivesWhatItHolds() throws Exception {
    String policies = System.getenv("DROPGUARD_POLICIES");
    for (int i = 0; i < 2; i++) {
      Settings s = SettingsResolver.resolve(Map.of(), props(), Map.of(), System.getenv());
      assertEquals(policies, s.get(Setting.POLICIES));
      assertEquals(policies == null ? "default" : "environment variable DROPGUARD_POLICIES", s.sourceOf(Setting.POLICIES));
    }
  }
}
