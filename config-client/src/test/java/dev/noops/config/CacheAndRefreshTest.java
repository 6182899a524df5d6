package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CacheAndRefreshTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();

  @Test
  void serves_a_fresh_value_from_memory_without_a_second_request() {
    api.put("/orders/db-url", "jdbc:postgresql://db/orders");
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofMinutes(1)).build()) {
      assertThat(client.get("/orders/db-url")).isEqualTo("jdbc:postgresql://db/orders");
      clock.advance(Duration.ofSeconds(59));
      for (int i = 0; i < 100; i++) {
        assertThat(client.get("/orders/db-url")).isEqualTo("jdbc:postgresql://db/orders");
      }
    }
    assertThat(api.requestCount()).isEqualTo(1);
    RecordedRequest request = api.requests().get(0);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/config/orders/db-url");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo(FakeConfigApi.API_KEY);
    assertThat(request.getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void refreshes_after_max_age_with_if_none_match_and_keeps_the_value_on_304() {
    api.put("/orders/db-url", "v1");
    api.put("/orders/db-url", "v2");
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofSeconds(30)).build()) {
      assertThat(client.get("/orders/db-url")).isEqualTo("v2");
      clock.advance(Duration.ofSeconds(30));
      assertThat(client.get("/orders/db-url")).isEqualTo("v2");
      assertThat(client.get("/orders/db-url")).as("revalidated: fresh again").isEqualTo("v2");
    }
    assertThat(api.requestCount()).isEqualTo(2);
    assertThat(api.requests().get(1).getHeaders().get("If-None-Match")).isEqualTo("\"2\"");
  }

  @Test
  void takes_the_new_value_when_the_refresh_finds_a_new_version() {
    api.put("/orders/db-url", "old");
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofSeconds(30)).build()) {
      assertThat(client.get("/orders/db-url")).isEqualTo("old");
      api.put("/orders/db-url", "new");
      assertThat(client.get("/orders/db-url")).as("not yet due").isEqualTo("old");
      clock.advance(Duration.ofSeconds(31));
      assertThat(client.get("/orders/db-url")).isEqualTo("new");
    }
    assertThat(api.requests().get(1).getHeaders().get("If-None-Match")).isEqualTo("\"1\"");
  }

  @Test
  void fifty_concurrent_cold_reads_make_exactly_one_request() throws Exception {
    api.put("/orders/db-url", "shared");
    api.delay(300);
    try (ConfigClient client = api.client().clock(clock).timeout(Duration.ofSeconds(5)).build()) {
      List<String> values = concurrently(50, () -> client.get("/orders/db-url"));
      assertThat(values).hasSize(50).containsOnly("shared");
    }
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void fifty_concurrent_reads_of_an_expired_value_make_exactly_one_conditional_request()
      throws Exception {
    api.put("/orders/db-url", "shared");
    try (ConfigClient client = api.client().clock(clock).timeout(Duration.ofSeconds(5)).build()) {
      client.get("/orders/db-url");
      clock.advance(Duration.ofMinutes(2));
      api.delay(300);
      List<String> values = concurrently(50, () -> client.get("/orders/db-url"));
      assertThat(values).hasSize(50).containsOnly("shared");
    }
    assertThat(api.requestCount()).isEqualTo(2);
    assertThat(api.requests().get(1).getHeaders().get("If-None-Match")).isEqualTo("\"1\"");
  }

  @Test
  void an_absent_key_is_cached_as_absent_and_reported_clearly() {
    try (ConfigClient client = api.client().clock(clock).build()) {
      assertThatThrownBy(() -> client.get("/orders/nope"))
          .isInstanceOf(ConfigNotFoundException.class)
          .hasMessage("no config value under /orders/nope");
      assertThat(client.find("/orders/nope")).isEmpty();
    }
    assertThat(api.requestCount()).as("the 404 is cached for max age").isEqualTo(1);
  }

  @Test
  void a_key_created_after_a_404_is_found_at_the_next_refresh() {
    try (ConfigClient client = api.client().clock(clock).maxAge(Duration.ofSeconds(10)).build()) {
      assertThat(client.find("/feature/x")).isEmpty();
      api.put("/feature/x", "on");
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.find("/feature/x")).contains("on");
    }
    assertThat(api.requests().get(1).getHeaders().get("If-None-Match"))
        .as("nothing to revalidate")
        .isNull();
  }

  @Test
  void a_base_url_with_a_stage_path_keeps_it() {
    api.put("/a/b", "x");
    String stageUrl = api.url() + "prod";
    try (ConfigClient client =
        ConfigClient.builder().baseUrl(stageUrl).apiKey(FakeConfigApi.API_KEY).build()) {
      client.find("/a/b");
    }
    assertThat(api.requests().get(0).getUrl().encodedPath()).isEqualTo("/prod/config/a/b");
  }

  @Test
  void typed_getters_and_a_parser_convert_the_value() {
    api.put("/orders/port", " 5432 ");
    api.put("/orders/big", "9000000000");
    api.put("/orders/enabled", "TRUE");
    api.put("/orders/timeout", "PT2.5S");
    try (ConfigClient client = api.client().build()) {
      assertThat(client.getInt("/orders/port")).isEqualTo(5432);
      assertThat(client.getLong("/orders/big")).isEqualTo(9_000_000_000L);
      assertThat(client.getBoolean("/orders/enabled")).isTrue();
      assertThat(client.getDuration("/orders/timeout")).isEqualTo(Duration.ofMillis(2500));
      List<String> digits = client.get("/orders/port", s -> List.of(s.split("")));
      assertThat(digits).containsExactly("5", "4", "3", "2");
    }
  }

  static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
