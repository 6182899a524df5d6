package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  void splits_by_count_and_by_length_and_keeps_every_key_once_in_order() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("/" + "k".repeat(500) + i);
    }
    for (int i = 0; i < 150; i++) {
      keys.add("/s" + i);
    }
    List<List<String>> batches = Batches.of(keys);
    assertThat(batches)
        .allSatisfy(
            batch -> {
              assertThat(batch).hasSizeLessThanOrEqualTo(Batches.MAX_KEYS);
              assertThat(String.join(",", batch).length()).isLessThanOrEqualTo(Batches.MAX_CHARS);
            });
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(keys);
    assertThat(Batches.of(List.of())).isEmpty();
  }
}
