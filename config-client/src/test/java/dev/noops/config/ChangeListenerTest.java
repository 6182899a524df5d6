package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeListenerTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();
  private final List<ConfigChange> changes = new CopyOnWriteArrayList<>();

  private ConfigClient client() {
    return api.client().clock(clock).maxAge(Duration.ofSeconds(10)).build();
  }

  @Test
  void fires_once_per_new_version_and_never_on_304_or_the_first_load() {
    api.put("/orders/db-url", "v1");
    try (ConfigClient client = client()) {
      client.onChange("/orders/db-url", changes::add);
      client.get("/orders/db-url");
      for (int round = 0; round < 3; round++) {
        clock.advance(Duration.ofSeconds(10));
        client.get("/orders/db-url");
      }
      assertThat(changes).as("first load and 304s are not changes").isEmpty();

      api.put("/orders/db-url", "v2");
      for (int round = 0; round < 3; round++) {
        clock.advance(Duration.ofSeconds(10));
        client.get("/orders/db-url");
      }
      assertThat(changes).hasSize(1);
      ConfigChange change = changes.get(0);
      assertThat(change.key()).isEqualTo("/orders/db-url");
      assertThat(change.previous().map(ConfigValue::version)).contains(1L);
      assertThat(change.current().map(ConfigValue::value)).contains("v2");
    }
  }

  @Test
  void fires_once_when_fifty_readers_see_the_change_together() throws Exception {
    api.put("/orders/db-url", "v1");
    try (ConfigClient client = client()) {
      client.onChange("/orders/db-url", changes::add);
      client.get("/orders/db-url");
      api.put("/orders/db-url", "v2");
      clock.advance(Duration.ofSeconds(10));
      api.delay(200);
      assertThat(CacheAndRefreshTest.concurrently(50, () -> client.get("/orders/db-url")))
          .containsOnly("v2");
    }
    assertThat(changes).hasSize(1);
  }

  @Test
  void fires_when_a_key_is_deleted_and_when_it_comes_back() {
    api.put("/feature/x", "on");
    try (ConfigClient client = client()) {
      client.onChange("/feature/x", changes::add);
      client.get("/feature/x");
      api.delete("/feature/x");
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.find("/feature/x")).isEmpty();
      api.put("/feature/x", "off");
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.find("/feature/x")).contains("off");
    }
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).current()).isEmpty();
    assertThat(changes.get(1).previous()).isEmpty();
    assertThat(changes.get(1).current().map(ConfigValue::value)).contains("off");
  }

  @Test
  void a_failing_listener_does_not_break_reads_nor_other_listeners() {
    api.put("/orders/db-url", "v1");
    try (ConfigClient client = client()) {
      client.onChange(
          "/orders/db-url",
          change -> {
            throw new IllegalStateException("boom");
          });
      client.onChange("/orders/db-url", changes::add);
      client.get("/orders/db-url");
      api.put("/orders/db-url", "v2");
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.get("/orders/db-url")).isEqualTo("v2");
    }
    assertThat(changes).hasSize(1);
  }

  @Test
  void a_removed_listener_is_not_called_again() {
    api.put("/orders/db-url", "v1");
    try (ConfigClient client = client()) {
      ConfigClient.Registration registration = client.onChange("/orders/db-url", changes::add);
      client.get("/orders/db-url");
      api.put("/orders/db-url", "v2");
      clock.advance(Duration.ofSeconds(10));
      client.get("/orders/db-url");
      registration.remove();
      api.put("/orders/db-url", "v3");
      clock.advance(Duration.ofSeconds(10));
      client.get("/orders/db-url");
    }
    assertThat(changes)
        .extracting(c -> c.current().map(ConfigValue::version))
        .containsExactly(Optional.of(2L));
  }

  @Test
  void prefetch_and_refresh_report_changes_too() {
    api.put("/a", "1");
    api.put("/b", "1");
    try (ConfigClient client = client()) {
      client.onChange("/a", changes::add);
      client.onChange("/b", changes::add);
      client.prefetch("/a", "/b");
      api.put("/b", "2");
      client.refresh();
      client.refresh();
    }
    assertThat(changes).extracting(ConfigChange::key).containsExactly("/b");
  }
}
