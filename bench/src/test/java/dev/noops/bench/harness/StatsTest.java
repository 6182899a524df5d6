package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
  }

  @Test
  void p99_of_ten_runs_is_the_slowest_by_nearest_rank() {
    List<Double> runs = List.of(10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 99.0);
    assertThat(Stats.percentile(runs, 99)).isEqualTo(99.0);
    assertThat(Stats.percentile(runs, 50)).isEqualTo(14.0);
  }

  @Test
  void refuses_an_empty_sample() {
    assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
