package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeContextTest {
  @Test
  void of_keeps_the_request_id_and_has_fifteen_minutes() {
    FakeContext context = FakeContext.of("req-1");
    assertThat(context.getAwsRequestId()).isEqualTo("req-1");
    assertThat(context.getRemainingTimeInMillis()).isEqualTo(900_000);
    assertThat(context.getXrayTraceId()).isNull();
    assertThat(context.getInvokedFunctionArn()).endsWith(":function:" + context.getFunctionName());
  }

  @Test
  void create_gives_each_context_its_own_request_id() {
    assertThat(FakeContext.create().getAwsRequestId())
        .isNotEqualTo(FakeContext.create().getAwsRequestId());
  }

  @Test
  void withers_copy_and_leave_the_original_alone() {
    FakeContext original = FakeContext.withRemaining(Duration.ofSeconds(4));
    FakeContext traced =
        original.withRequestId("req-2").withXrayTraceId("Root=1-65a1b2c3-abcdef0123456789abcdef01");
    assertThat(traced.getAwsRequestId()).isEqualTo("req-2");
    assertThat(traced.getXrayTraceId()).isEqualTo("Root=1-65a1b2c3-abcdef0123456789abcdef01");
    assertThat(traced.getRemainingTimeInMillis()).isEqualTo(4_000);
    assertThat(original.getXrayTraceId()).isNull();
    assertThat(original.getAwsRequestId()).isNotEqualTo("req-2");
  }

  @Test
  void shrinking_loses_one_step_per_question_and_stops_at_zero() {
    FakeContext context = FakeContext.shrinking(1_000, 400);
    assertThat(context.getRemainingTimeInMillis()).isEqualTo(1_000);
    assertThat(context.getRemainingTimeInMillis()).isEqualTo(600);
    assertThat(context.getRemainingTimeInMillis()).isEqualTo(200);
    assertThat(context.getRemainingTimeInMillis()).isZero();
  }

  @Test
  void expiring_in_counts_down_in_real_time_and_never_goes_negative() throws InterruptedException {
    FakeContext context = FakeContext.expiringIn(Duration.ofMillis(50));
    assertThat(context.getRemainingTimeInMillis()).isBetween(0, 50);
    Thread.sleep(80);
    assertThat(context.getRemainingTimeInMillis()).isZero();
  }

  @Test
  void remaining_time_is_clamped_to_an_int() {
    assertThat(FakeContext.withRemaining(Duration.ofDays(365)).getRemainingTimeInMillis())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
