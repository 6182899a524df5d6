package dev.noops.metrics;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Publishes batches with {@code PutMetricData}, one request per batch. Throttling, 5xx answers and
 * broken connections are retried by the SDK's standard retry strategy (exponential backoff, full
 * jitter, its retry-quota circuit breaker) set on each request, and the request's {@code
 * apiCallTimeout} is the time left to the deadline, so attempts and pauses together never outlast
 * it; other answers reject the batch. When CloudWatch cannot be reached at all (refused, reset, no
 * answer within the client's timeouts) the remaining batches stay unsent and publishing pauses for
 * a minute, so a missing network path never costs every invocation its timeouts. Needs the optional
 * {@code software.amazon.awssdk:cloudwatch} and {@code url-connection-client} dependencies.
 */
final class CloudWatchPublisher implements MetricPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Above the read timeout: a slow first call (class loading in a cold start) is not taken for a
   * missing network.
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  /** After CloudWatch could not be reached, publishing is not tried again for this long. */
  static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(60);

  private final Memo<CloudWatchClient> client;
  // built with the client, on the first publish: the SDK's retry classes (about 50) are not a cold
  // start's business when there is nothing to publish
  private final Memo<RetryStrategy> retryStrategy;
  private volatile Instant unreachableUntil = Instant.MIN;

  private CloudWatchPublisher(Builder builder) {
    this.client = builder.client;
    int maxAttempts = builder.maxAttempts;
    Duration baseDelay = builder.baseDelay;
    Duration maxDelay = builder.maxDelay;
    this.retryStrategy = new Memo<>(() -> retryStrategy(maxAttempts, baseDelay, maxDelay));
  }

  /**
   * The SDK's standard strategy, retrying only what is worth it here: never an unreachable
   * CloudWatch.
   */
  static RetryStrategy retryStrategy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    BackoffStrategy backoff =
        baseDelay.isZero()
            ? BackoffStrategy.retryImmediately()
            : BackoffStrategy.exponentialDelay(baseDelay, maxDelay);
    return StandardRetryStrategy.builder()
        .useClientDefaults(false) // the client's conditions would retry the unreachable case too
        .maxAttempts(maxAttempts)
        .backoffStrategy(backoff)
        .throttlingBackoffStrategy(backoff)
        .treatAsThrottling(e -> e instanceof AwsServiceException s && s.isThrottlingException())
        .retryOnException(CloudWatchPublisher::retryable)
        .build();
  }

  /**
   * A publisher with its own client: region and credentials from the SDK's default chains, {@code
   * AWS_ENDPOINT_URL}/{@code AWS_ENDPOINT_URL_CLOUDWATCH} honoured, url-connection HTTP, and the
   * client's SDK retries off (each request carries this publisher's strategy, bounded by the
   * deadline). The client is built on the first publish (or by {@link #prime}): a shipper that has
   * no MONITORING lines to publish never pays for it.
   */
  public static CloudWatchPublisher create() {
    Builder builder = builder();
    builder.client = new Memo<>(CloudWatchPublisher::defaultClient);
    return builder.build();
  }

  /** The client {@link #create()} uses, for callers that want to share it. */
  public static CloudWatchClient defaultClient() {
    return clientBuilder().build();
  }

  /**
   * A client builder with the settings of {@link #defaultClient()}: client-level SDK retries off
   * (the publisher sets its standard strategy on each request), and connect, read and attempt
   * timeouts of about a second, so an endpoint that accepts connections and never answers (a VPC
   * without a CloudWatch endpoint or NAT) costs one short attempt, not 30 s reads.
   */
  public static CloudWatchClientBuilder clientBuilder() {
    return CloudWatchClient.builder()
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build())
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
  }

  /** A builder; {@link Builder#client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds the client now (SnapStart priming) without calling CloudWatch. */
  @Override
  public void prime() {
    client.build();
    retryStrategy.build();
  }

  @Override
  public PublishResult publish(List<MetricBatch> batches, Instant deadline) {
    List<MetricBatch> published = new ArrayList<>();
    List<MetricBatch> rejected = new ArrayList<>();
    List<MetricBatch> unsent = new ArrayList<>();
    if (Instant.now().isBefore(unreachableUntil)) {
      LOG.warn(
          "CloudWatch was unreachable moments ago; {} batch(es) not published (the lines are"
              + " indexed as documents)",
          batches.size());
      return new PublishResult(List.of(), List.of(), batches);
    }
    for (MetricBatch batch : batches) {
      Outcome outcome = send(batch, deadline);
      switch (outcome) {
        case PUBLISHED -> published.add(batch);
        case REJECTED -> rejected.add(batch);
        case UNSENT, UNREACHABLE -> unsent.add(batch);
      }
      if (outcome == Outcome.UNREACHABLE) {
        unreachableUntil = Instant.now().plus(UNREACHABLE_PAUSE);
        unsent.addAll(batches.subList(batches.indexOf(batch) + 1, batches.size()));
        LOG.warn(
            "CloudWatch is unreachable; publishing pauses for {} s (the lines are indexed as"
                + " documents)",
            UNREACHABLE_PAUSE.toSeconds());
        break;
      }
    }
    return new PublishResult(published, rejected, unsent);
  }

  private Outcome send(MetricBatch batch, Instant deadline) {
    Duration remaining = Duration.between(Instant.now(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      return Outcome.UNSENT;
    }
    try {
      client
          .get()
          .putMetricData(
              toRequest(batch).toBuilder()
                  .overrideConfiguration(
                      o ->
                          o.apiCallTimeout(remaining)
                              .addPlugin(
                                  config ->
                                      config.overrideConfiguration(
                                          c -> c.retryStrategy(retryStrategy.get()))))
                  .build());
      return Outcome.PUBLISHED;
    } catch (ApiCallTimeoutException e) {
      LOG.warn(
          "PutMetricData timed out at the deadline (namespace={}, datums={})",
          batch.namespace(),
          batch.data().size());
      return Outcome.UNSENT;
    } catch (AwsServiceException e) {
      if (retryable(e)) {
        LOG.warn(
            "PutMetricData still failing after the retries (status={}, error={})",
            e.statusCode(),
            e.awsErrorDetails().errorCode());
        return Outcome.UNSENT;
      }
      LOG.warn(
          "PutMetricData rejected (namespace={}, datums={}, status={}, error={}): {}",
          batch.namespace(),
          batch.data().size(),
          e.statusCode(),
          e.awsErrorDetails().errorCode(),
          e.awsErrorDetails().errorMessage());
      return Outcome.REJECTED;
    } catch (SdkClientException e) {
      if (unreachable(e)) {
        // refused or no answer within the short timeouts: the network path is missing, retrying
        // wastes the invocation
        LOG.warn("PutMetricData could not reach CloudWatch: {}", e.getMessage());
        return Outcome.UNREACHABLE;
      }
      LOG.warn("PutMetricData failed after the retries: {}", e.getMessage());
      return Outcome.UNSENT;
    }
  }

  /**
   * A refused or timed-out connection, or no byte within the read timeout; a reset is worth a
   * retry.
   */
  static boolean unreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException
          || cause instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Throttling, 5xx and a broken connection are worth another attempt; an unreachable endpoint is
   * not.
   */
  static boolean retryable(Throwable e) {
    if (e instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException
        && !(e instanceof ApiCallTimeoutException)
        && !unreachable(e);
  }

  static PutMetricDataRequest toRequest(MetricBatch batch) {
    List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data =
        new ArrayList<>(batch.data().size());
    for (MetricDatum datum : batch.data()) {
      List<Dimension> dimensions = new ArrayList<>(datum.dimensions().size());
      datum
          .dimensions()
          .forEach(
              (name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
      var builder =
          software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder()
              .metricName(datum.metricName())
              .dimensions(dimensions)
              .timestamp(datum.timestamp())
              .unit(StandardUnit.fromValue(datum.unit()))
              .storageResolution(datum.storageResolution());
      if (datum.value() != null) {
        builder.value(datum.value());
      } else if (datum.statistics() != null) {
        builder.statisticValues(
            StatisticSet.builder()
                .sampleCount(datum.statistics().sampleCount())
                .sum(datum.statistics().sum())
                .minimum(datum.statistics().minimum())
                .maximum(datum.statistics().maximum())
                .build());
      } else {
        builder.values(datum.values()).counts(datum.counts());
      }
      data.add(builder.build());
    }
    return PutMetricDataRequest.builder().namespace(batch.namespace()).metricData(data).build();
  }

  private enum Outcome {
    PUBLISHED,
    REJECTED,
    UNSENT,
    UNREACHABLE
  }

  /** Builds a value once, on first use; publishers are used by one thread at a time. */
  private static final class Memo<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private T value;

    Memo(Supplier<T> factory) {
      this.factory = factory;
    }

    @Override
    public synchronized T get() {
      build();
      return value;
    }

    synchronized void build() {
      if (value == null) {
        value = factory.get();
      }
    }
  }

  /** Configures a {@link CloudWatchPublisher}. */
  static final class Builder {
    private Memo<CloudWatchClient> client;
    private int maxAttempts = 5;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * The client to call (required). Each request carries this publisher's retry strategy,
     * replacing the client's.
     */
    public Builder client(CloudWatchClient client) {
      Objects.requireNonNull(client, "client == null");
      this.client = new Memo<>(() -> client);
      return this;
    }

    /** Attempts per batch, at least 1 (default 5). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The backoff before the second attempt (doubling after, full jitter; default 100 ms, at most 2
     * s).
     */
    public Builder backoff(Duration baseDelay, Duration maxDelay) {
      Objects.requireNonNull(baseDelay, "baseDelay == null");
      Objects.requireNonNull(maxDelay, "maxDelay == null");
      if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException(
            "need 0 <= baseDelay <= maxDelay: " + baseDelay + ", " + maxDelay);
      }
      this.baseDelay = baseDelay;
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @throws IllegalStateException without a client
     */
    public CloudWatchPublisher build() {
      if (client == null) {
        throw new IllegalStateException("client is required");
      }
      return new CloudWatchPublisher(this);
    }
  }
}
