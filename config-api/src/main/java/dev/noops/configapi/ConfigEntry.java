package dev.noops.configapi;

import java.time.Instant;

/**
 * One version of a key: its value (plain text, or base64 KMS ciphertext when {@code encrypted}),
 * who wrote it and when. A deletion is a version too, with no value.
 */
record ConfigEntry(String key, String value, boolean encrypted, long version, Instant updatedAt,
                   String updatedBy, boolean deleted) {

  static ConfigEntry written(String key, String value, boolean encrypted, long version, Instant at, String by) {
    return new ConfigEntry(key, value, encrypted, version, at, by, false);
  }

  static ConfigEntry deletion(String key, long version, Instant at, String by) {
    return new ConfigEntry(key, null, false, version, at, by, true);
  }
}
