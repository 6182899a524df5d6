package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrefetchTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();

  @Test
  void loads_all_keys_in_one_request_and_serves_them_from_memory() {
    api.put("/orders/db-url", "jdbc:x");
    api.put("/orders/pool-size", "8");
    try (ConfigClient client = api.client().clock(clock).build()) {
      client.prefetch("/orders/db-url", "/orders/pool-size", "/orders/missing", "/orders/db-url");
      assertThat(client.get("/orders/db-url")).isEqualTo("jdbc:x");
      assertThat(client.getInt("/orders/pool-size")).isEqualTo(8);
      assertThat(client.find("/orders/missing")).as("reported missing: cached as absent").isEmpty();
    }
    assertThat(api.requestCount()).isEqualTo(1);
    RecordedRequest batch = api.requests().get(0);
    assertThat(batch.getUrl().encodedPath()).isEqualTo("/config");
    assertThat(batch.getUrl().queryParameter("keys"))
        .isEqualTo("/orders/db-url,/orders/pool-size,/orders/missing");
    assertThat(batch.getHeaders().get("x-api-key")).isEqualTo(FakeConfigApi.API_KEY);
  }

  @Test
  void values_prefetched_are_later_revalidated_with_their_version_as_etag() {
    api.put("/a", "1");
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofSeconds(5)).build()) {
      client.prefetch("/a");
      clock.advance(Duration.ofSeconds(5));
      assertThat(client.get("/a")).isEqualTo("1");
    }
    assertThat(api.requests().get(1).getHeaders().get("If-None-Match")).isEqualTo("\"1\"");
  }

  @Test
  void very_many_keys_are_split_into_few_requests() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add("/service/key-" + i);
      api.put("/service/key-" + i, "v" + i);
    }
    try (ConfigClient client = api.client().build()) {
      client.prefetch(keys.toArray(new String[0]));
      assertThat(client.get("/service/key-249")).isEqualTo("v249");
    }
    assertThat(api.requestCount()).isEqualTo(3);
    assertThat(api.requests())
        .allSatisfy(r -> assertThat(r.getRequestLine().length()).isLessThan(10_240));
  }

  @Test
  void a_failed_prefetch_throws_and_leaves_reads_to_fetch_one_by_one() {
    api.put("/a", "1");
    api.override(FakeConfigApi.error(502, "BadGateway"));
    try (ConfigClient client = api.client().clock(clock).build()) {
      assertThatThrownBy(() -> client.prefetch("/a"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessage("config API answered 502 BadGateway for 1 keys");
      api.override(null);
      assertThat(client.get("/a")).isEqualTo("1");
    }
  }

  @Test
  void after_restore_refreshes_every_cached_key_in_one_batch() {
    api.put("/a", "1");
    api.put("/b", "1");
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofHours(1)).build()) {
      client.prefetch("/a", "/b");
      api.put("/a", "2");
      client.beforeCheckpoint();
      client.afterRestore();
      assertThat(client.get("/a")).isEqualTo("2");
      assertThat(client.get("/b")).isEqualTo("1");
    }
    assertThat(api.requestCount()).isEqualTo(2);
    assertThat(api.requests().get(1).getUrl().queryParameter("keys")).isIn("/a,/b", "/b,/a");
  }

  @Test
  void after_restore_with_the_api_down_keeps_values_due_and_serves_them_while_young_enough() {
    api.put("/a", "1");
    try (ConfigClient client =
        api.client()
            .clock(clock)
            .maxAge(Duration.ofHours(1))
            .maxStaleness(Duration.ofHours(2))
            .build()) {
      client.prefetch("/a");
      api.override(FakeConfigApi.error(500, "InternalError"));
      client.afterRestore();
      assertThat(client.get("/a")).isEqualTo("1");
      assertThat(api.requests().get(api.requestCount() - 1).getHeaders().get("If-None-Match"))
          .as("the read after a failed restore refresh revalidates")
          .isEqualTo("\"1\"");
    }
  }
}
