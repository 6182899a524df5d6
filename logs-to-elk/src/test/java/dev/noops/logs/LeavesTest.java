package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Leaves} answers as a {@code LinkedHashMap} given the same calls. */
class LeavesTest {
  @Test
  void answers_as_a_linked_hash_map() {
    Random random = new Random(20261203);
    for (int round = 0; round < 200; round++) {
      Leaves leaves = new Leaves();
      Map<String, Object> expected = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(300); // past every growth of the arrays and the index
      for (int call = 0; call < 3 * keys; call++) {
        String key = key(random, keys);
        Integer value = random.nextInt(1_000);
        switch (random.nextInt(4)) {
          case 0 -> assertThat(leaves.put(key, value)).isEqualTo(expected.put(key, value));
          case 1 ->
              assertThat(leaves.putIfAbsent(key, value))
                  .isEqualTo(expected.putIfAbsent(key, value));
          case 2 -> assertThat(leaves.get(key)).isEqualTo(expected.get(key));
          default -> assertThat(leaves.containsKey(key)).isEqualTo(expected.containsKey(key));
        }
      }
      assertThat(leaves).containsExactlyEntriesOf(expected);
      assertThat(leaves.size()).isEqualTo(expected.size());
      List<String> byPosition = new ArrayList<>();
      for (int position = 0; position < leaves.size(); position++) {
        byPosition.add(leaves.key(position));
        assertThat(leaves.value(position)).isEqualTo(expected.get(leaves.key(position)));
      }
      assertThat(byPosition).containsExactlyElementsOf(expected.keySet());
      assertThat(Leaves.copyOf(expected)).containsExactlyEntriesOf(expected).isEqualTo(expected);
    }
  }

  /** Keys from a small set, many of them with the same hash code ("Aa" and "BB" share one). */
  private static String key(Random random, int keys) {
    int n = random.nextInt(keys);
    StringBuilder key = new StringBuilder("k");
    for (int bit = 0; bit < 9; bit++) {
      key.append((n >> bit & 1) == 0 ? "Aa" : "BB");
    }
    return random.nextBoolean() ? key.toString() : "path_" + n;
  }

  @Test
  void other_keys_are_absent_and_nulls_are_refused() {
    Leaves leaves = new Leaves();
    leaves.putIfAbsent("a", "1");
    Map<?, ?> untyped = leaves;
    assertThat(untyped.get(42)).isNull();
    assertThat(leaves.containsKey(null)).isFalse();
    assertThat(leaves.isEmpty()).isFalse();
    assertThatThrownBy(() -> leaves.putIfAbsent(null, "x"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> leaves.putIfAbsent("b", null))
        .isInstanceOf(NullPointerException.class);
    assertThat(leaves).containsExactly(Map.entry("a", "1"));
  }
}
