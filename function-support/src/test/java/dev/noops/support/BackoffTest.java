package dev.noops.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final List<Duration> slept = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  /** Records the pause and moves the fake clock by it, as a real sleep would. */
  private final Sleeper recorder =
      d -> {
        slept.add(d);
        now.addAndGet(d.toNanos());
      };

  private Backoff backoff(RandomGenerator random) {
    return Backoff.builder()
        .delays(Duration.ofMillis(100), Duration.ofSeconds(1))
        .random(random)
        .sleeper(recorder)
        .nanoClock(now::get)
        .build();
  }

  @Test
  void each_delay_is_within_zero_and_the_doubling_ceiling_up_to_the_cap() {
    Backoff backoff = backoff(new Random(1));
    long[] ceilingsMillis = {100, 200, 400, 800, 1000, 1000, 1000};
    for (int retry = 1; retry <= ceilingsMillis.length; retry++) {
      for (int draw = 0; draw < 500; draw++) {
        assertThat(backoff.delay(retry))
            .isBetween(Duration.ZERO, Duration.ofMillis(ceilingsMillis[retry - 1]));
      }
    }
  }

  @Test
  void the_jitter_spreads_delays_over_the_whole_range() {
    Backoff backoff = backoff(new Random(2));
    List<Duration> draws = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      draws.add(backoff.delay(4));
    }
    assertThat(draws)
        .anyMatch(d -> d.compareTo(Duration.ofMillis(100)) < 0)
        .anyMatch(d -> d.compareTo(Duration.ofMillis(700)) > 0);
  }

  @Test
  void the_cap_holds_for_large_retry_numbers_without_overflow() {
    Backoff backoff = backoff(new Random(3));
    assertThat(backoff.delay(64)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    assertThat(backoff.delay(Integer.MAX_VALUE)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void a_zero_base_never_waits() throws InterruptedException {
    Backoff backoff =
        Backoff.builder().delays(Duration.ZERO, Duration.ZERO).sleeper(recorder).build();
    assertThat(backoff.pause(5)).isZero();
    assertThat(slept).isEmpty();
  }

  @Test
  void pause_sleeps_on_the_injected_sleeper_exactly_the_drawn_delay() throws InterruptedException {
    Backoff backoff = backoff(new Random(4));
    Duration first = backoff.pause(1);
    Duration second = backoff.pause(2);
    assertThat(slept).containsExactly(first, second);
  }

  @Test
  void the_same_seed_draws_the_same_delays() {
    Backoff a = backoff(new Random(9));
    Backoff b = backoff(new Random(9));
    for (int retry = 1; retry < 8; retry++) {
      assertThat(a.delay(retry)).isEqualTo(b.delay(retry));
    }
  }

  @Test
  void pause_within_an_allowance_never_sleeps_longer_than_it() throws InterruptedException {
    Backoff backoff =
        Backoff.builder()
            .delays(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .random(new FixedRandom(1_000_000_000L))
            .sleeper(recorder)
            .build();
    assertThat(backoff.pause(1, Duration.ofMillis(30))).isEqualTo(Duration.ofMillis(30));
    assertThat(backoff.pause(1, Duration.ofMillis(-5))).isZero();
    assertThat(backoff.pause(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    assertThat(slept).containsExactly(Duration.ofMillis(30), Duration.ofSeconds(1));
  }

  @Test
  void pause_before_a_deadline_does_not_sleep_past_it() throws InterruptedException {
    Backoff backoff =
        Backoff.builder()
            .delays(Duration.ofMillis(400), Duration.ofMillis(400))
            .random(new FixedRandom(400_000_000L))
            .sleeper(recorder)
            .nanoClock(now::get)
            .build();
    long deadline = backoff.nanoTime() + Duration.ofSeconds(1).toNanos();

    assertThat(backoff.pauseBefore(1, deadline)).isTrue();
    assertThat(backoff.pauseBefore(2, deadline)).isTrue();
    assertThat(backoff.pauseBefore(3, deadline))
        .as("400 ms more would end at 1200 ms, past the deadline")
        .isFalse();
    assertThat(slept).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400));
    assertThat(now.get()).isLessThan(deadline);
  }

  @Test
  void a_passed_deadline_stops_without_sleeping() throws InterruptedException {
    Backoff backoff = backoff(new Random(5));
    assertThat(backoff.pauseBefore(1, now.get() - 1)).isFalse();
    assertThat(slept).isEmpty();
  }

  @Test
  void an_interrupted_sleep_reaches_the_caller() {
    Backoff backoff =
        Backoff.builder()
            .sleeper(
                d -> {
                  throw new InterruptedException("stop");
                })
            .delays(Duration.ofMillis(5), Duration.ofMillis(5))
            .random(new FixedRandom(5_000_000L))
            .build();
    assertThatThrownBy(() -> backoff.pause(1)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void the_real_sleeper_waits_at_least_the_delay() throws InterruptedException {
    Backoff backoff =
        Backoff.builder()
            .delays(Duration.ofMillis(20), Duration.ofMillis(20))
            .random(new FixedRandom(20_000_000L))
            .build();
    long start = System.nanoTime();
    backoff.pause(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(20));
  }

  @Test
  void bad_arguments_are_refused_with_the_value() {
    assertThatThrownBy(() -> Backoff.builder().delays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2S");
    assertThatThrownBy(() -> Backoff.builder().delays(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.builder().sleeper(null)).hasMessage("sleeper == null");
    assertThatThrownBy(() -> Backoff.builder().build().delay(0))
        .hasMessageContaining("retry must be at least 1: 0");
  }

  /** Always draws {@code min(value, bound - 1)}: the largest delay the ceiling allows. */
  private record FixedRandom(long value) implements RandomGenerator {
    @Override
    public long nextLong() {
      return value;
    }

    @Override
    public long nextLong(long bound) {
      return Math.min(value, bound - 1);
    }
  }
}
