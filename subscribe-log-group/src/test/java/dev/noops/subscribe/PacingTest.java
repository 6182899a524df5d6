package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCallException;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void the_bucket_spaces_calls_at_the_rate_on_a_fake_clock() {
    FakeClock clock = new FakeClock(1_000_000_000L);
    TokenBucket bucket = new TokenBucket(5, clock::nanos, clock::sleep);

    for (int i = 0; i < 6; i++) {
      bucket.acquire();
    }

    assertThat(clock.slept)
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            Duration.ofMillis(200));
  }

  @Test
  void the_bucket_does_not_save_up_a_burst_while_idle() {
    FakeClock clock = new FakeClock(0);
    TokenBucket bucket = new TokenBucket(5, clock::nanos, clock::sleep);
    bucket.acquire();
    clock.advance(Duration.ofSeconds(10));

    bucket.acquire();
    bucket.acquire();

    assertThat(clock.slept).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void different_operations_do_not_wait_on_each_other_but_calls_of_one_operation_do() {
    FakeClock clock = new FakeClock(1_000_000_000L);
    OperationBuckets buckets = new OperationBuckets(5, clock::nanos, clock::sleep);

    buckets.acquire("DescribeSubscriptionFilters");
    buckets.acquire("PutSubscriptionFilter");
    assertThat(clock.slept).as("a first call of another operation goes at once").isEmpty();

    buckets.acquire("PutSubscriptionFilter");
    assertThat(clock.slept).as("a second call of one operation waits").containsExactly(ms(200));

    buckets.acquire("DescribeSubscriptionFilters");
    assertThat(clock.slept).as("its own bucket freed up while the other waited").hasSize(1);
    buckets.acquire("DescribeSubscriptionFilters");
    buckets.acquire("PutSubscriptionFilter");
    assertThat(clock.slept).containsExactly(ms(200), ms(200));
  }

  @Test
  void a_filter_is_put_without_waiting_for_the_describe_and_its_retry_waits_for_its_own_token() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      LogsStub stub =
          new LogsStub(aws)
              .answersAll("PutSubscriptionFilter", LogsStub.throttled(), LogsStub.ok(Map.of()));
      FakeClock clock = new FakeClock(0);
      OperationBuckets buckets = new OperationBuckets(5, clock::nanos, clock::sleep);
      PacedLogs logs =
          new PacedLogs(
              TestClients.logs(aws), buckets, TestClients.FAST_RETRY, Sleeper.REAL, new Random(3));

      logs.filters("/aws/lambda/a");
      logs.putFilter(
          new FilterRequest("/aws/lambda/a", "noops", "", "arn:aws:lambda:x", null, null),
          e -> true);

      assertThat(stub.requests("DescribeSubscriptionFilters")).hasSize(1);
      assertThat(stub.requests("PutSubscriptionFilter")).hasSize(2);
      assertThat(logs.retries()).isEqualTo(1);
      assertThat(clock.slept)
          .as("only the retried put waited, for the put's own next token")
          .containsExactly(ms(200));
    }
  }

  @Test
  void backoff_is_full_jitter_under_a_growing_capped_ceiling() {
    RetryPolicy settings = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(2));
    var policy = settings.backoff(Sleeper.REAL, new Random(1));
    for (int retry = 1; retry <= 12; retry++) {
      long ceiling = Math.min(2_000, 100L << (retry - 1));
      for (int i = 0; i < 200; i++) {
        assertThat(policy.delay(retry)).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
      }
    }
    long distinct =
        java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.delay(3)).distinct().count();
    assertThat(distinct).as("jittered, not in step").isGreaterThan(40);
  }

  @Test
  void throttling_rate_limits_aborts_5xx_and_broken_connections_are_retried_and_the_rest_are_not() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      CloudWatchLogs logs = TestClients.logs(aws);
      assertThat(Faults.classify(answer(aws, logs, 400, "ThrottlingException", "Rate exceeded")))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(Faults.classify(answer(aws, logs, 400, "OperationAbortedException", "conflict")))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(Faults.classify(answer(aws, logs, 503, "ServiceUnavailableException", "x")))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(Faults.classify(answer(aws, logs, 500, "InternalFailure", "x")))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(Faults.classify(answer(aws, logs, Reply.connectionReset())))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(Faults.classify(answer(aws, logs, 400, "LimitExceededException", "Rate exceeded")))
          .isEqualTo(Faults.Kind.RETRY);
      assertThat(
              Faults.classify(
                  answer(aws, logs, 400, "LimitExceededException", "Resource limit exceeded.")))
          .isEqualTo(Faults.Kind.AMBIGUOUS_LIMIT);
      assertThat(Faults.classify(answer(aws, logs, 400, "ResourceNotFoundException", "gone")))
          .isEqualTo(Faults.Kind.FINAL);
      assertThat(Faults.classify(answer(aws, logs, 400, "InvalidParameterException", "bad")))
          .isEqualTo(Faults.Kind.FINAL);
      assertThat(Faults.classify(answer(aws, logs, 400, "AccessDeniedException", "no")))
          .isEqualTo(Faults.Kind.FINAL);
    }
  }

  @Test
  void the_service_message_and_code_are_read_from_the_answer() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      AwsCallException e =
          answer(
              aws,
              TestClients.logs(aws),
              400,
              "InvalidParameterException",
              "Log group name is reserved for the function logs of the destination function.");

      assertThat(Faults.code(e)).isEqualTo("InvalidParameterException");
      assertThat(Faults.message(e))
          .isEqualTo(
              "Log group name is reserved for the function logs of the destination function.");
    }
  }

  @Test
  void the_slot_limit_is_learned_from_answers_not_assumed() {
    SlotLimit slots = new SlotLimit();
    assertThat(slots.couldBeFull(0, false)).as("an empty group always has room").isFalse();
    assertThat(slots.couldBeFull(2, true)).as("an update needs no new slot").isFalse();
    assertThat(slots.couldBeFull(1, false)).isTrue();

    slots.accepted(2);
    assertThat(slots.couldBeFull(2, false)).as("a third filter was accepted beside two").isFalse();
    assertThat(slots.couldBeFull(4, false)).isTrue();
    assertThat(slots.knownFull(9)).isFalse();

    slots.full(4);
    assertThat(slots.learned()).hasValue(4);
    assertThat(slots.knownFull(4)).isTrue();
    assertThat(slots.knownFull(3)).isFalse();

    slots.accepted(4);
    assertThat(slots.learned()).as("proven wrong: that refusal was a rate limit").isEmpty();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** A clock that moves only when slept on or advanced, and the sleeps it was asked for. */
  private static final class FakeClock {
    private final AtomicLong now;
    final List<Duration> slept = new ArrayList<>();

    FakeClock(long startNanos) {
      this.now = new AtomicLong(startNanos);
    }

    long nanos() {
      return now.get();
    }

    void sleep(Duration duration) {
      slept.add(duration);
      advance(duration);
    }

    void advance(Duration duration) {
      now.addAndGet(duration.toNanos());
    }
  }

  /** What the client throws when CloudWatch Logs answers a PutRetentionPolicy so. */
  private static AwsCallException answer(
      AwsWireMock aws, CloudWatchLogs logs, int status, String code, String message) {
    return answer(aws, logs, Reply.error(status, code, message));
  }

  private static AwsCallException answer(AwsWireMock aws, CloudWatchLogs logs, Reply reply) {
    aws.reset();
    aws.stubJson(AwsWireMock.LOGS + ".PutRetentionPolicy", reply);
    try {
      logs.putRetentionPolicy("/aws/lambda/a", 7, Deadline.after(Duration.ofSeconds(10)));
    } catch (AwsCallException e) {
      return e;
    }
    throw new AssertionError("the call did not fail");
  }
}
