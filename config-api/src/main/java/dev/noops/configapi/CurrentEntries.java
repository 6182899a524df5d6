package dev.noops.configapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The current entries a {@link ConfigStore} has read, kept in memory for a store that is its
 * table's only writer ({@code noops local}, whose emulator no one else reaches): every write goes
 * through that store, which forgets the key before and after it, so a kept entry is never older
 * than the table. Bounded: at most {@link #CAPACITY} keys, least recently read dropped first, and
 * values over {@link #MAX_VALUE_CHARS} characters are not kept at all (16 MB at most).
 *
 * <p>A read that overlaps any write keeps nothing: it may have read the table before the write
 * landed, and keeping that would outlive the write's own forgetting.
 */
final class CurrentEntries {
  static final int CAPACITY = 2048;
  static final int MAX_VALUE_CHARS = 8192;

  // guarded by this
  private final LinkedHashMap<String, Optional<ConfigEntry>> entries =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<ConfigEntry>> eldest) {
          return size() > CAPACITY;
        }
      };
  // guarded by this: writes started plus writes finished
  private long writes;

  /** What is kept for {@code key}: an entry, empty (known absent), or null (not kept). */
  synchronized Optional<ConfigEntry> get(String key) {
    return entries.get(key);
  }

  /** The stamp a read takes before it reads the table, for {@link #keep}. */
  synchronized long stamp() {
    return writes;
  }

  /** Keeps what a read found, unless a write started or finished since its {@code stamp}. */
  synchronized void keep(String key, Optional<ConfigEntry> found, long stamp) {
    if (stamp != writes) {
      return;
    }
    String value = found.map(ConfigEntry::value).orElse(null);
    if (value != null && value.length() > MAX_VALUE_CHARS) {
      entries.remove(key);
      return;
    }
    entries.put(key, found);
  }

  /** Called as a write of {@code key} starts and again as it ends, whatever its outcome. */
  synchronized void writing(String key) {
    writes++;
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
