package dev.noops.subscribe;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
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
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeAccountPoliciesResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeSubscriptionFiltersResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutSubscriptionFilterRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.SubscriptionFilter;

/**
 * Every CloudWatch Logs call of a run goes through here: one token per attempt from the shared
 * bucket, and throttling, rate limits, aborted operations, 5xx and broken connections retried with
 * jittered backoff. The SDK's own retries are off so no attempt bypasses the bucket. Within an
 * invocation every attempt's timeout comes from the invocation's {@link Deadline}, and no attempt
 * or backoff starts that could not end before it: then {@link DeadlineReached} is thrown.
 */
final class PacedLogs {
  private static final Logger LOG = LoggerFactory.getLogger(PacedLogs.class);

  /** The longest one attempt may take (the client's socket timeout is 20 s). */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(25);

  /** Less time than this left before the deadline: no attempt is started. */
  static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

  private final CloudWatchLogsClient logs;
  private final TokenBucket bucket;
  private final RetryPolicy retry;
  private final Backoff backoff;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile Deadline deadline = Deadline.none();

  PacedLogs(
      CloudWatchLogsClient logs,
      TokenBucket bucket,
      RetryPolicy retry,
      Sleeper sleeper,
      RandomGenerator random) {
    this.logs = logs;
    this.bucket = bucket;
    this.retry = retry;
    this.backoff = retry.backoff(sleeper, random);
  }

  /** The deadline of the calls from now on ({@link Deadline#none()}: the CLI's, none). */
  void deadline(Deadline deadline) {
    this.deadline = deadline;
  }

  /** One page of groups whose names start with {@code prefix} ({@code *}: all groups). */
  Page listGroups(String prefix, String token) {
    DescribeLogGroupsResponse page =
        call(
            "DescribeLogGroups",
            o ->
                logs.describeLogGroups(
                    b -> {
                      b.limit(50).nextToken(token).overrideConfiguration(o);
                      if (!prefix.equals("*")) {
                        b.logGroupNamePrefix(prefix);
                      }
                    }),
            PacedLogs::alwaysRate);
    return new Page(page.logGroups().stream().map(LogGroupInfo::of).toList(), page.nextToken());
  }

  /**
   * The group of exactly this name, if it exists. Names sort in ASCII order, so it heads its own
   * prefix listing.
   */
  Optional<LogGroupInfo> findGroup(String name) {
    DescribeLogGroupsResponse page =
        call(
            "DescribeLogGroups",
            o ->
                logs.describeLogGroups(
                    b -> b.logGroupNamePrefix(name).limit(5).overrideConfiguration(o)),
            PacedLogs::alwaysRate);
    return page.logGroups().stream()
        .filter(g -> name.equals(g.logGroupName()))
        .findFirst()
        .map(LogGroupInfo::of);
  }

  List<SubscriptionFilter> filters(String group) {
    List<SubscriptionFilter> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeSubscriptionFiltersResponse page =
          call(
              "DescribeSubscriptionFilters",
              o ->
                  logs.describeSubscriptionFilters(
                      b -> b.logGroupName(group).nextToken(next).overrideConfiguration(o)),
              PacedLogs::alwaysRate);
      all.addAll(page.subscriptionFilters());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return all;
  }

  /**
   * Puts a filter; a "Resource limit exceeded" answer is retried only when {@code limitIsRate} says
   * it cannot be the slot limit.
   */
  void putFilter(
      PutSubscriptionFilterRequest request, Predicate<LimitExceededException> limitIsRate) {
    call(
        "PutSubscriptionFilter",
        o -> logs.putSubscriptionFilter(request.toBuilder().overrideConfiguration(o).build()),
        limitIsRate);
  }

  void deleteFilter(String group, String filterName) {
    call(
        "DeleteSubscriptionFilter",
        o ->
            logs.deleteSubscriptionFilter(
                b -> b.logGroupName(group).filterName(filterName).overrideConfiguration(o)),
        PacedLogs::alwaysRate);
  }

  void putRetention(String group, int days) {
    call(
        "PutRetentionPolicy",
        o ->
            logs.putRetentionPolicy(
                b -> b.logGroupName(group).retentionInDays(days).overrideConfiguration(o)),
        PacedLogs::alwaysRate);
  }

  Map<String, String> tags(String arn) {
    return call(
            "ListTagsForResource",
            o -> logs.listTagsForResource(b -> b.resourceArn(arn).overrideConfiguration(o)),
            PacedLogs::alwaysRate)
        .tags();
  }

  /** Every account-level subscription filter policy (CloudWatch Logs allows one per account). */
  List<software.amazon.awssdk.services.cloudwatchlogs.model.AccountPolicy> subscriptionPolicies() {
    List<software.amazon.awssdk.services.cloudwatchlogs.model.AccountPolicy> all =
        new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeAccountPoliciesResponse page =
          call(
              "DescribeAccountPolicies",
              o ->
                  logs.describeAccountPolicies(
                      b ->
                          b.policyType(AccountPolicy.POLICY_TYPE)
                              .nextToken(next)
                              .overrideConfiguration(o)),
              PacedLogs::alwaysRate);
      all.addAll(page.accountPolicies());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return all;
  }

  void putAccountPolicy(AccountPolicy policy) {
    call(
        "PutAccountPolicy",
        o ->
            logs.putAccountPolicy(
                b ->
                    b.overrideConfiguration(o)
                        .policyName(policy.policyName())
                        .policyDocument(policy.policyDocument())
                        .policyType(AccountPolicy.POLICY_TYPE)
                        .selectionCriteria(policy.selectionCriteria())
                        .scope(AccountPolicy.SCOPE)),
        PacedLogs::alwaysRate);
  }

  void deleteAccountPolicy(String name) {
    call(
        "DeleteAccountPolicy",
        o ->
            logs.deleteAccountPolicy(
                b ->
                    b.policyName(name)
                        .policyType(AccountPolicy.POLICY_TYPE)
                        .overrideConfiguration(o)),
        PacedLogs::alwaysRate);
  }

  long calls() {
    return calls.get();
  }

  long retries() {
    return retries.get();
  }

  private <T> T call(
      String operation,
      Function<AwsRequestOverrideConfiguration, T> request,
      Predicate<LimitExceededException> limitIsRate) {
    Deadline until = deadline;
    for (int attempt = 1; ; attempt++) {
      bucket.acquire();
      AwsRequestOverrideConfiguration timeouts = timeouts(until, operation);
      calls.incrementAndGet();
      try {
        return request.apply(timeouts);
      } catch (SdkException e) {
        if (until.expired()) {
          throw new DeadlineReached(operation);
        }
        Faults.Kind kind = Faults.classify(e);
        boolean retryable =
            kind == Faults.Kind.RETRY
                || (kind == Faults.Kind.AMBIGUOUS_LIMIT
                    && limitIsRate.test((LimitExceededException) e));
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
   * The attempt's timeouts: the time left before the deadline (an attempt never longer than {@link
   * #ATTEMPT_TIMEOUT}); none of ours without a deadline, so the client's own apply.
   */
  private static AwsRequestOverrideConfiguration timeouts(Deadline until, String operation) {
    if (until.unbounded()) {
      return null;
    }
    Duration left = until.remaining();
    if (left.compareTo(MIN_ATTEMPT) < 0) {
      throw new DeadlineReached(operation);
    }
    Duration attempt = left.compareTo(ATTEMPT_TIMEOUT) < 0 ? left : ATTEMPT_TIMEOUT;
    return AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(left)
        .apiCallAttemptTimeout(attempt)
        .build();
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
  private static boolean alwaysRate(LimitExceededException e) {
    return true;
  }
}
