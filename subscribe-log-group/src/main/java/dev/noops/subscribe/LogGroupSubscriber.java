package dev.noops.subscribe;

import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCallException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Subscribes log groups to the destination: the one place the Lambda triggers and the CLI share.
 * Every CloudWatch Logs call goes through a token bucket per operation at the configured rate, with
 * retries. Not thread-safe across concurrent runs; one run at a time.
 */
public final class LogGroupSubscriber {
  private final SubscribeSettings settings;
  private final PacedLogs logs;
  private final GroupSubscriber subscriber;
  private final Reconciler reconciler;
  private final AccountPolicyMode accountPolicy;

  /** What a failed call becomes when it leaves a public method. */
  private final Function<AwsCallException, RuntimeException> errors;

  LogGroupSubscriber(
      SubscribeSettings settings,
      PacedLogs logs,
      Function<AwsCallException, RuntimeException> errors) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.logs = logs;
    this.errors = errors;
    this.subscriber = new GroupSubscriber(settings, logs, new SlotLimit());
    this.reconciler = new Reconciler(subscriber, logs);
    this.accountPolicy = new AccountPolicyMode(settings, logs);
  }

  /**
   * A subscriber over the SDK client {@code logs} (the command line's, from {@link
   * AwsClients#cloudWatchLogs(String)}), paced at the settings' rate. The client is configuration
   * only: its region, endpoint and credentials provider; the calls go through {@link
   * CloudWatchLogs}, and a failed call leaves the public methods as an SDK exception.
   */
  public static LogGroupSubscriber create(CloudWatchLogsClient logs, SubscribeSettings settings) {
    return create(
        SdkLogs.from(logs),
        settings,
        RetryPolicy.DEFAULT,
        Sleeper.REAL,
        new SecureRandom(),
        SdkLogs::translate);
  }

  /**
   * A subscriber over {@code logs} (build it with {@link CloudWatchLogs#fromSystem()}), paced at
   * the settings' rate; a failed call leaves the public methods as {@link AwsCallException}.
   */
  public static LogGroupSubscriber create(CloudWatchLogs logs, SubscribeSettings settings) {
    return create(logs, settings, RetryPolicy.DEFAULT, Sleeper.REAL, new SecureRandom());
  }

  static LogGroupSubscriber create(
      CloudWatchLogs logs,
      SubscribeSettings settings,
      RetryPolicy retry,
      Sleeper sleeper,
      RandomGenerator random) {
    return create(logs, settings, retry, sleeper, random, e -> e);
  }

  private static LogGroupSubscriber create(
      CloudWatchLogs logs,
      SubscribeSettings settings,
      RetryPolicy retry,
      Sleeper sleeper,
      RandomGenerator random,
      Function<AwsCallException, RuntimeException> errors) {
    OperationBuckets buckets =
        new OperationBuckets(settings.requestsPerSecond(), System::nanoTime, sleeper);
    return new LogGroupSubscriber(
        settings, new PacedLogs(logs, buckets, retry, sleeper, random), errors);
  }

  /**
   * Reconciles every selected group, start to end, calling {@code listener} once per listed group.
   * With {@code dryRun} only read calls are made and each outcome says what would be done.
   */
  public RunSummary reconcile(boolean dryRun, Consumer<GroupOutcome> listener) {
    return translated(
        () ->
            reconciler
                .run(Reconciler.Mode.SUBSCRIBE, Cursor.START, Budget.UNLIMITED, dryRun, listener)
                .summary());
  }

  /**
   * Removes noops's per-group filters (our name, our destination) from every listed group, as a
   * switch to account-policy mode needs; other filters are never touched.
   */
  public RunSummary unsubscribe(boolean dryRun, Consumer<GroupOutcome> listener) {
    return translated(
        () ->
            reconciler
                .run(Reconciler.Mode.UNSUBSCRIBE, Cursor.START, Budget.UNLIMITED, dryRun, listener)
                .summary());
  }

  /**
   * Puts noops's account-level subscription filter policy unless it is in place (with {@code
   * dryRun} only reads). Refuses, with {@link SubscribeException}, when the account has a
   * subscription policy noops did not create.
   */
  public PolicyAction applyAccountPolicy(boolean dryRun) {
    return translated(() -> accountPolicy.apply(dryRun));
  }

  /**
   * Removes noops's account-level policy if there is one (with {@code dryRun} only reads); another
   * name is never removed.
   */
  public PolicyAction removeAccountPolicy(boolean dryRun) {
    return translated(() -> accountPolicy.remove(dryRun));
  }

  /**
   * The {@code PutAccountPolicy} request account-policy mode puts, as JSON with the API's field
   * names.
   */
  public String accountPolicyRequest() {
    return AccountPolicy.of(settings).requestJson();
  }

  /** The settings this subscriber applies. */
  public SubscribeSettings settings() {
    return settings;
  }

  /** CloudWatch Logs calls made so far, retries included. */
  public long calls() {
    return logs.calls();
  }

  /** Retried CloudWatch Logs calls so far. */
  public long retries() {
    return logs.retries();
  }

  private <T> T translated(Supplier<T> work) {
    try {
      return work.get();
    } catch (AwsCallException e) {
      throw errors.apply(e);
    }
  }

  /** Gives every CloudWatch Logs call from now on this deadline (an invocation's). */
  void deadline(Deadline deadline) {
    logs.deadline(deadline);
  }

  GroupOutcome subscribe(String group, boolean dryRun) {
    try {
      return subscriber.subscribe(group, dryRun);
    } catch (DeadlineReached e) {
      // the next scheduled reconcile subscribes it
      return GroupOutcome.of(group, Action.FAILED, e.getMessage());
    }
  }

  Reconciler.Result run(
      Reconciler.Mode mode, Cursor from, Budget budget, Consumer<GroupOutcome> listener) {
    return reconciler.run(mode, from, budget, false, listener);
  }
}
