package dev.noops.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

class SnapStartHookTest {
  private static final Resource HOOK =
      new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {}

        @Override
        public void afterRestore(Context<? extends Resource> context) {}
      };

  @Test
  void registers_only_when_lambda_will_snapshot_the_environment() {
    assertThat(SnapStartHook.registerIfSnapshotted(HOOK, Map.of())).isFalse();
    assertThat(
            SnapStartHook.registerIfSnapshotted(
                HOOK, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")))
        .isFalse();
    assertThat(
            SnapStartHook.registerIfSnapshotted(
                HOOK, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")))
        .isFalse();
    assertThat(
            SnapStartHook.registerIfSnapshotted(
                HOOK, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")))
        .isTrue();
  }
}
