package dev.noops.config;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored config value as the API returned it. For an encrypted value, {@code value} is the
 * base64 KMS ciphertext. {@link #toString()} never shows the value, so a {@code ConfigValue} can be
 * logged.
 *
 * @param key the key, e.g. {@code /orders/db-url}
 * @param value the value (plain text, or base64 ciphertext when {@code encrypted})
 * @param encrypted whether {@code value} is KMS ciphertext
 * @param version the version number, increased by every write
 * @param updatedAt when this version was written, or {@code null} if the API did not say
 * @param updatedBy who wrote this version, or {@code null} if the API did not say
 */
public record ConfigValue(
    String key,
    String value,
    boolean encrypted,
    long version,
    Instant updatedAt,
    String updatedBy) {

  /** Checks that key and value are present and the version is not negative. */
  public ConfigValue {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(value, "value == null");
    if (version < 0) {
      throw new IllegalArgumentException("version < 0: " + version);
    }
  }

  /** Key, version and authorship only: the value is left out so that this can be logged. */
  @Override
  public String toString() {
    return "ConfigValue[key="
        + key
        + ", encrypted="
        + encrypted
        + ", version="
        + version
        + ", updatedAt="
        + updatedAt
        + ", updatedBy="
        + updatedBy
        + "]";
  }
}
