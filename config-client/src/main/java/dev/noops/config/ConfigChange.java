package dev.noops.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of one key seen by the client: a new version, a key that appeared, or a key that was
 * deleted. Given to the listeners registered with {@link ConfigClient#onChange}.
 *
 * @param key the key that changed
 * @param previous the value the cache held before, empty if the key was absent
 * @param current the value the cache holds now, empty if the key was deleted
 */
public record ConfigChange(
    String key, Optional<ConfigValue> previous, Optional<ConfigValue> current) {

  /** Checks that nothing is null. */
  public ConfigChange {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(previous, "previous == null");
    Objects.requireNonNull(current, "current == null");
  }
}
