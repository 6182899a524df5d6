package dev.noops.subscribe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per CloudWatch Logs operation, each at the same rate, made on the
 * operation's first call. CloudWatch Logs sets its TPS quotas per API action per account and
 * Region, so a DescribeSubscriptionFilters need not wait for a PutSubscriptionFilter, while every
 * attempt of one operation, retries included, keeps to that operation's rate.
 */
final class OperationBuckets {
  private final double perSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  OperationBuckets(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    TokenBucket.checkRate(perSecond);
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** Blocks until the next call of {@code operation} may go out. */
  void acquire(String operation) {
    buckets
        .computeIfAbsent(operation, op -> new TokenBucket(perSecond, nanoClock, sleeper))
        .acquire();
  }
}
