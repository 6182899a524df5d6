package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StaleOnErrorTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();

  private ConfigClient client() {
    return api.client()
        .clock(clock)
        .maxAge(Duration.ofSeconds(30))
        .maxStaleness(Duration.ofMinutes(10))
        .retryAfterFailure(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void serves_the_last_good_value_when_the_api_answers_500_and_logs_the_outage_once() {
    api.put("/orders/db-url", "good");
    try (LogCapture logs = new LogCapture();
        ConfigClient client = client()) {
      client.get("/orders/db-url");
      api.override(FakeConfigApi.error(500, "InternalError"));
      for (int i = 0; i < 15; i++) { // 15 x 31 s: within the 10 min max staleness
        clock.advance(Duration.ofSeconds(31));
        assertThat(client.get("/orders/db-url")).isEqualTo("good");
      }
      assertThat(logs.events(Level.WARN, "config.api.failing"))
          .as("one line per outage, not per read")
          .hasSize(1);
      assertThat(logs.events(Level.WARN, "config.api.failing").get(0).getKeyValuePairs().toString())
          .contains("500 InternalError");

      api.override(null);
      clock.advance(Duration.ofSeconds(31));
      assertThat(client.get("/orders/db-url")).isEqualTo("good");
      assertThat(logs.events(Level.INFO, "config.api.recovered")).hasSize(1);
    }
  }

  @Test
  void serves_the_last_good_value_when_the_api_is_down() {
    api.put("/orders/db-url", "good");
    try (ConfigClient client = client()) {
      client.get("/orders/db-url");
      api.close();
      clock.advance(Duration.ofMinutes(1));
      assertThat(client.get("/orders/db-url")).isEqualTo("good");
    }
  }

  @Test
  void serves_the_last_good_value_within_the_budget_when_the_api_is_slow() {
    api.put("/orders/db-url", "good");
    api.warmUp();
    try (ConfigClient client = api.client().clock(clock).timeout(Duration.ofSeconds(1)).build()) {
      client.get("/orders/db-url");
      api.override(new MockResponse.Builder().code(200).headersDelay(4, TimeUnit.SECONDS).build());
      clock.advance(Duration.ofMinutes(1));
      long start = System.nanoTime();
      assertThat(client.get("/orders/db-url")).isEqualTo("good");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofMillis(1000 + 1500));
    }
  }

  @Test
  void while_failing_asks_the_api_again_only_after_retry_after_failure() {
    api.put("/orders/db-url", "good");
    try (ConfigClient client = client()) {
      client.get("/orders/db-url");
      api.override(FakeConfigApi.error(503, "ServiceUnavailable"));
      clock.advance(Duration.ofSeconds(31));
      client.get("/orders/db-url");
      int afterFirstFailure = api.requestCount();
      for (int i = 0; i < 50; i++) {
        assertThat(client.get("/orders/db-url")).isEqualTo("good");
      }
      clock.advance(Duration.ofSeconds(4));
      client.get("/orders/db-url");
      assertThat(api.requestCount())
          .as("no request before retryAfterFailure")
          .isEqualTo(afterFirstFailure);
      clock.advance(Duration.ofSeconds(1));
      client.get("/orders/db-url");
      assertThat(api.requestCount()).isEqualTo(afterFirstFailure + 1);
    }
  }

  @Test
  void stops_serving_a_value_older_than_max_staleness() {
    api.put("/orders/db-url", "good");
    try (ConfigClient client = client()) {
      client.get("/orders/db-url");
      api.override(FakeConfigApi.error(500, "InternalError"));
      clock.advance(Duration.ofMinutes(10));
      assertThat(client.get("/orders/db-url")).as("exactly max staleness old").isEqualTo("good");
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> client.get("/orders/db-url"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("500 InternalError")
          .hasMessageContaining("/orders/db-url");
    }
  }

  @Test
  void a_cold_read_fails_clearly_when_the_api_answers_an_error() {
    api.override(FakeConfigApi.error(429, "TooManyRequests"));
    try (ConfigClient client = client()) {
      assertThatThrownBy(() -> client.get("/orders/db-url"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessage("config API answered 429 TooManyRequests for /orders/db-url");
    }
  }

  @Test
  void a_wrong_api_key_is_named_in_the_error() {
    try (ConfigClient client = api.client().apiKey("wrong").build()) {
      assertThatThrownBy(() -> client.get("/orders/db-url"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("403 Forbidden")
          .hasMessageContaining("check the API key");
    }
  }

  @Test
  void a_connection_dropped_mid_answer_serves_the_stale_value() {
    api.put("/orders/db-url", "good");
    try (ConfigClient client = client()) {
      client.get("/orders/db-url");
      api.override(
          new MockResponse.Builder()
              .code(200)
              .body("{\"key\":\"/orders/db-url\",\"value\":\"x\"")
              .onResponseBody(new SocketEffect.CloseSocket(true, true, true))
              .build());
      clock.advance(Duration.ofMinutes(1));
      assertThat(client.get("/orders/db-url")).isEqualTo("good");
    }
  }
}
