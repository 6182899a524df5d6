package dev.noops.configapi;

import java.time.Instant;

/**
 * One version of a key: its value (plain text, or base64 KMS ciphertext when {@code encrypted}),
 * who wrote it and when. A deletion is a version too, with no value. A rollback is a version that
 * restores an older one's value; {@code rollbackOf} names that older version (null otherwise).
 */
record ConfigEntry(
    String key,
    String value,
    boolean encrypted,
    long version,
    Instant updatedAt,
    String updatedBy,
    boolean deleted,
    Long rollbackOf) {

  static ConfigEntry written(
      String key, String value, boolean encrypted, long version, Instant at, String by) {
    return new ConfigEntry(key, value, encrypted, version, at, by, false, null);
  }

  static ConfigEntry rollback(ConfigEntry restored, long version, Instant at, String by) {
    return new ConfigEntry(
        restored.key(),
        restored.value(),
        restored.encrypted(),
        version,
        at,
        by,
        false,
        restored.version());
  }

  static ConfigEntry deletion(String key, long version, Instant at, String by) {
    return new ConfigEntry(key, null, false, version, at, by, true, null);
  }
}
