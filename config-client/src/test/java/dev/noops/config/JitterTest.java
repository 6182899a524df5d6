package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterTest {
  @Test
  void shortens_max_age_by_at_most_the_fraction_and_spreads_the_values() {
    Jitter jitter = new Jitter(0.2, 42);
    List<Long> ages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ages.add(jitter.apply(60_000));
    }
    assertThat(ages).allSatisfy(age -> assertThat(age).isBetween(48_000L, 60_000L));
    assertThat(new HashSet<>(ages)).hasSizeGreaterThan(900);
    assertThat(ages.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThan(49_000L);
    assertThat(ages.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThan(59_000L);
  }

  @Test
  void zero_jitter_is_exact() {
    assertThat(new Jitter(0, 1).apply(60_000)).isEqualTo(60_000);
  }

  @Test
  void environments_restored_from_one_snapshot_diverge_after_reseeding() {
    Jitter a = new Jitter(0.5, 7);
    Jitter b = new Jitter(0.5, 7);
    assertThat(a.apply(60_000)).as("same snapshot, same sequence").isEqualTo(b.apply(60_000));
    a.reseed(Jitter.freshSeed());
    b.reseed(Jitter.freshSeed());
    List<Long> fromA = new ArrayList<>();
    List<Long> fromB = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fromA.add(a.apply(60_000));
      fromB.add(b.apply(60_000));
    }
    assertThat(fromA).isNotEqualTo(fromB);
  }

  @Test
  void draws_from_many_threads_stay_within_bounds() throws InterruptedException {
    Jitter jitter = new Jitter(0.1, 3);
    List<Long> ages = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  ages.add(jitter.apply(10_000));
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ages).hasSize(2000).allSatisfy(age -> assertThat(age).isBetween(9_000L, 10_000L));
  }
}
