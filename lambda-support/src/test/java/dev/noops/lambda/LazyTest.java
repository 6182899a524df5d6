package dev.noops.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void builds_on_the_first_get_only_and_once() {
    AtomicInteger builds = new AtomicInteger();
    Lazy<String> lazy = new Lazy<>(() -> "client " + builds.incrementAndGet());

    assertThat(lazy.built()).isFalse();
    assertThat(builds).hasValue(0);
    assertThat(lazy.get()).isEqualTo("client 1");
    assertThat(lazy.get()).isEqualTo("client 1");
    assertThat(lazy.built()).isTrue();
    assertThat(builds).hasValue(1);
  }

  @Test
  void a_failed_build_is_tried_again_and_null_is_refused() {
    AtomicInteger attempts = new AtomicInteger();
    Lazy<String> flaky =
        new Lazy<>(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no region");
              }
              return "client";
            });
    assertThatThrownBy(flaky::get).hasMessage("no region");
    assertThat(flaky.get()).isEqualTo("client");

    assertThatThrownBy(() -> new Lazy<String>(() -> null).get())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Lazy<String>(null)).hasMessage("factory == null");
  }
}
