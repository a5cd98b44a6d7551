package io.dropguard.core.settings;

import java.util.Map;

/** One place settings come from. */
interface SettingsSource {
  /** How messages name an entry of this source, such as {@code system property dropguard.audit}. */
  String describe(String key);

  /** Its {@code dropguard.*} entries, keyed by setting key ({@code dropguard.x}). */
  Map<String, String> entries();
}
