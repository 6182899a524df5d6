package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readers on many threads while the values change and the clock runs: no torn reads, no lost or
 * repeated change.
 */
class ConcurrencyTest {
  private static final List<String> KEYS = List.of("/k/a", "/k/b", "/k/c", "/k/d");
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();

  @Test
  void readers_see_only_written_values_and_listeners_see_each_version_once_in_order()
      throws Exception {
    for (String key : KEYS) {
      api.put(key, key + "@1");
    }
    Map<String, List<Long>> seenVersions = new HashMap<>(); // filled before the readers start
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofSeconds(1)).build()) {
      for (String key : KEYS) {
        List<Long> versions = new CopyOnWriteArrayList<>();
        seenVersions.put(key, versions);
        client.onChange(key, change -> versions.add(change.current().orElseThrow().version()));
      }
      client.prefetch(KEYS.toArray(new String[0]));
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        readers.add(
            pool.submit(
                () -> {
                  int reads = 0;
                  while (writing.get() || reads < 200) {
                    String key = KEYS.get(reads % KEYS.size());
                    String value = client.get(key);
                    assertThat(value).startsWith(key + "@");
                    reads++;
                  }
                  return reads;
                }));
      }
      for (int version = 2; version <= 15; version++) {
        for (String key : KEYS) {
          api.put(key, key + "@" + version);
        }
        clock.advance(Duration.ofSeconds(1));
        Thread.sleep(40);
      }
      writing.set(false);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(200);
      }
      clock.advance(Duration.ofSeconds(1));
      for (String key : KEYS) {
        assertThat(client.get(key)).isEqualTo(key + "@15");
      }
    } finally {
      pool.shutdownNow();
    }
    for (String key : KEYS) {
      List<Long> versions = seenVersions.get(key);
      assertThat(versions)
          .as(key + ": no change reported twice, none out of order")
          .isSorted()
          .doesNotHaveDuplicates();
      assertThat(versions).as(key + ": the last change reached the listener").endsWith(15L);
    }
  }
}
