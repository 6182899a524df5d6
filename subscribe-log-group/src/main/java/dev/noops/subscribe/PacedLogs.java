package dev.noops.subscribe;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every CloudWatch Logs call of a run goes through here: one token per attempt from the bucket of
 * the call's operation (CloudWatch Logs' quotas are per API action), and throttling, rate limits,
 * aborted operations, 5xx and broken connections retried with jittered backoff. The client makes
 * one attempt per call so no attempt bypasses the bucket. Within an invocation every attempt's
 * timeout comes from the invocation's {@link Deadline}, and no attempt or backoff starts that could
 * not end before it: then {@link DeadlineReached} is thrown.
 */
final class PacedLogs {
  private static final Logger LOG = LoggerFactory.getLogger(PacedLogs.class);

  /** The longest one attempt may take, connecting and reading included. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(25);

  /** Less time than this left before the deadline: no attempt is started. */
  static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

  private final CloudWatchLogs logs;
  private final OperationBuckets buckets;
  private final RetryPolicy retry;
  private final Backoff backoff;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile Deadline deadline = Deadline.none();

  PacedLogs(
      CloudWatchLogs logs,
      OperationBuckets buckets,
      RetryPolicy retry,
      Sleeper sleeper,
      RandomGenerator random) {
    this.logs = logs;
    this.buckets = buckets;
    this.retry = retry;
    this.backoff = retry.backoff(sleeper, random);
  }

  /** The deadline of the calls from now on ({@link Deadline#none()}: the CLI's, none). */
  void deadline(Deadline deadline) {
    this.deadline = deadline;
  }

  /** One page of groups whose names start with {@code prefix} ({@code *}: all groups). */
  Page listGroups(String prefix, String token) {
    CloudWatchLogs.Page<LogGroupInfo> page =
        call(
            "DescribeLogGroups",
            d -> logs.describeLogGroups(prefix.equals("*") ? null : prefix, 50, token, d),
            PacedLogs::alwaysRate);
    return new Page(page.items(), page.nextToken());
  }

  /**
   * The group of exactly this name, if it exists. Names sort in ASCII order, so it heads its own
   * prefix listing.
   */
  Optional<LogGroupInfo> findGroup(String name) {
    CloudWatchLogs.Page<LogGroupInfo> page =
        call(
            "DescribeLogGroups",
            d -> logs.describeLogGroups(name, 5, null, d),
            PacedLogs::alwaysRate);
    return page.items().stream().filter(g -> name.equals(g.name())).findFirst();
  }

  List<SubscriptionFilter> filters(String group) {
    List<SubscriptionFilter> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      CloudWatchLogs.Page<SubscriptionFilter> page =
          call(
              "DescribeSubscriptionFilters",
              d -> logs.describeSubscriptionFilters(group, next, d),
              PacedLogs::alwaysRate);
      all.addAll(page.items());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return all;
  }

  /**
   * Puts a filter; a "Resource limit exceeded" answer is retried only when {@code limitIsRate} says
   * it cannot be the slot limit.
   */
  void putFilter(FilterRequest request, Predicate<AwsCallException> limitIsRate) {
    call(
        "PutSubscriptionFilter",
        d -> {
          logs.putSubscriptionFilter(request, d);
          return null;
        },
        limitIsRate);
  }

  void deleteFilter(String group, String filterName) {
    call(
        "DeleteSubscriptionFilter",
        d -> {
          logs.deleteSubscriptionFilter(group, filterName, d);
          return null;
        },
        PacedLogs::alwaysRate);
  }

  void putRetention(String group, int days) {
    call(
        "PutRetentionPolicy",
        d -> {
          logs.putRetentionPolicy(group, days, d);
          return null;
        },
        PacedLogs::alwaysRate);
  }

  Map<String, String> tags(String arn) {
    return call(
        "ListTagsForResource", d -> logs.listTagsForResource(arn, d), PacedLogs::alwaysRate);
  }

  /** Every account-level subscription filter policy (CloudWatch Logs allows one per account). */
  List<DescribedPolicy> subscriptionPolicies() {
    List<DescribedPolicy> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      CloudWatchLogs.Page<DescribedPolicy> page =
          call(
              "DescribeAccountPolicies",
              d -> logs.describeAccountPolicies(AccountPolicy.POLICY_TYPE, next, d),
              PacedLogs::alwaysRate);
      all.addAll(page.items());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return all;
  }

  void putAccountPolicy(AccountPolicy policy) {
    call(
        "PutAccountPolicy",
        d -> {
          logs.putAccountPolicy(policy, d);
          return null;
        },
        PacedLogs::alwaysRate);
  }

  void deleteAccountPolicy(String name) {
    call(
        "DeleteAccountPolicy",
        d -> {
          logs.deleteAccountPolicy(name, AccountPolicy.POLICY_TYPE, d);
          return null;
        },
        PacedLogs::alwaysRate);
  }

  long calls() {
    return calls.get();
  }

  long retries() {
    return retries.get();
  }

  private <T> T call(
      String operation, Function<Deadline, T> request, Predicate<AwsCallException> limitIsRate) {
    Deadline until = deadline;
    for (int attempt = 1; ; attempt++) {
      buckets.acquire(operation);
      checkTimeLeft(until, operation);
      calls.incrementAndGet();
      try {
        return request.apply(until);
      } catch (AwsCallException e) {
        if (until.expired()) {
          throw new DeadlineReached(operation);
        }
        Faults.Kind kind = Faults.classify(e);
        boolean retryable =
            kind == Faults.Kind.RETRY
                || (kind == Faults.Kind.AMBIGUOUS_LIMIT && limitIsRate.test(e));
        if (!retryable || attempt >= retry.maxAttempts()) {
          throw e;
        }
        retries.incrementAndGet();
        LOG.atDebug()
            .setMessage("retrying CloudWatch Logs call")
            .addKeyValue("operation", operation)
            .addKeyValue("error", Faults.code(e))
            .addKeyValue("attempt", attempt)
            .log();
        pause(attempt, until, operation);
      }
    }
  }

  /**
   * No attempt starts with less than {@link #MIN_ATTEMPT} left before the deadline; the client cuts
   * each attempt at the time left, or at {@link #ATTEMPT_TIMEOUT}.
   */
  private static void checkTimeLeft(Deadline until, String operation) {
    if (!until.unbounded() && until.remaining().compareTo(MIN_ATTEMPT) < 0) {
      throw new DeadlineReached(operation);
    }
  }

  private void pause(int retry, Deadline until, String operation) {
    try {
      if (until.unbounded()) {
        backoff.pause(retry);
      } else if (!backoff.pauseBefore(
          retry, backoff.nanoTime() + until.remaining().minus(MIN_ATTEMPT).toNanos())) {
        throw new DeadlineReached(operation);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubscribeException("interrupted while backing off a CloudWatch Logs call", e);
    }
  }

  /** One page of a listing. */
  record Page(List<LogGroupInfo> groups, String nextToken) {}

  /** CloudWatch Logs' LimitExceededException is always a rate limit here. */
  private static boolean alwaysRate(AwsCallException e) {
    return true;
  }
}
