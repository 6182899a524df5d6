package dev.noops.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits keys into batch requests that API Gateway accepts: at most {@link #MAX_KEYS} keys and
 * {@link #MAX_CHARS} characters of joined keys each (a key may be 512 characters; request lines are
 * limited to about 10 KiB).
 */
final class Batches {
  static final int MAX_KEYS = 100;
  static final int MAX_CHARS = 4000;

  private Batches() {}

  static List<List<String>> of(Collection<String> keys) {
    List<List<String>> batches = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int chars = 0;
    for (String key : keys) {
      if (!current.isEmpty()
          && (current.size() == MAX_KEYS || chars + 1 + key.length() > MAX_CHARS)) {
        batches.add(current);
        current = new ArrayList<>();
        chars = 0;
      }
      current.add(key);
      chars += key.length() + 1;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
