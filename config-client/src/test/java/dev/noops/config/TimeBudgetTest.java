package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No read waits much longer than the budget, whatever the API does. Bounds are loose: the machine
 * is shared.
 */
class TimeBudgetTest {
  private static final Duration BUDGET = Duration.ofMillis(800);
  private static final Duration MARGIN = Duration.ofMillis(1500);
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();

  @BeforeEach
  void warm() {
    api.warmUp();
  }

  @Test
  void a_cold_read_from_a_stalled_api_fails_within_the_budget() {
    api.override(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (ConfigClient client = api.client().timeout(BUDGET).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.get("/orders/db-url"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("did not answer for /orders/db-url within");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(BUDGET.minusMillis(50), BUDGET.plus(MARGIN));
    }
  }

  @Test
  void a_body_trickling_in_slower_than_the_budget_is_cut_off() {
    api.put("/orders/db-url", "x".repeat(2000));
    api.override(
        new MockResponse.Builder()
            .code(200)
            .body("{\"key\":\"/orders/db-url\",\"value\":\"" + "x".repeat(2000) + "\"}")
            .throttleBody(100, 200, java.util.concurrent.TimeUnit.MILLISECONDS)
            .build());
    try (ConfigClient client = api.client().timeout(BUDGET).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.get("/orders/db-url"))
          .isInstanceOf(ConfigUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET.plus(MARGIN));
    }
  }

  @Test
  void fifty_readers_waiting_on_one_slow_flight_each_return_within_the_budget() throws Exception {
    api.put("/orders/db-url", "v");
    api.delay(3_000);
    try (ConfigClient client = api.client().timeout(BUDGET).build()) {
      List<Long> millis =
          CacheAndRefreshTest.concurrently(
              50,
              () -> {
                long start = System.nanoTime();
                try {
                  client.get("/orders/db-url");
                } catch (ConfigUnavailableException expected) {
                  // the budget ran out: that is the point
                }
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
              });
      assertThat(millis)
          .allSatisfy(ms -> assertThat(ms).isLessThan(BUDGET.plus(MARGIN).toMillis()));
    }
    assertThat(api.requestCount()).as("still a single flight").isEqualTo(1);
  }

  @Test
  void the_budget_covers_prefetch_too() {
    api.override(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (ConfigClient client = api.client().timeout(BUDGET).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.prefetch("/a", "/b"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("2 keys");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET.plus(MARGIN));
    }
  }
}
