package dev.noops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Publishes batches with {@code PutMetricData}, one request per batch. Throttling, 5xx answers and
 * I/O errors are retried with exponential backoff and full jitter until the deadline or the last
 * attempt; other errors reject the batch. Needs the optional {@code software.amazon.awssdk:cloudwatch}
 * and {@code url-connection-client} dependencies.
 */
final class CloudWatchPublisher implements MetricPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);

  private final CloudWatchClient client;
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;

  private CloudWatchPublisher(Builder builder) {
    this.client = builder.client;
    this.maxAttempts = builder.maxAttempts;
    this.baseDelay = builder.baseDelay;
    this.maxDelay = builder.maxDelay;
  }

  /**
   * A publisher with its own client: region and credentials from the SDK's default chains,
   * {@code AWS_ENDPOINT_URL}/{@code AWS_ENDPOINT_URL_CLOUDWATCH} honoured, url-connection HTTP, and
   * SDK retries off (this class retries, within the deadline).
   */
  public static CloudWatchPublisher create() {
    return builder().client(defaultClient()).build();
  }

  /** The client {@link #create()} uses, for callers that want to share it. */
  public static CloudWatchClient defaultClient() {
    return CloudWatchClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** A builder; {@link Builder#client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PublishResult publish(List<MetricBatch> batches, Instant deadline) {
    List<MetricBatch> published = new ArrayList<>();
    List<MetricBatch> rejected = new ArrayList<>();
    List<MetricBatch> unsent = new ArrayList<>();
    for (MetricBatch batch : batches) {
      switch (send(batch, deadline)) {
        case PUBLISHED -> published.add(batch);
        case REJECTED -> rejected.add(batch);
        case UNSENT -> unsent.add(batch);
      }
    }
    return new PublishResult(published, rejected, unsent);
  }

  private Outcome send(MetricBatch batch, Instant deadline) {
    PutMetricDataRequest request = toRequest(batch);
    for (int attempt = 1; ; attempt++) {
      Duration remaining = Duration.between(Instant.now(), deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        return Outcome.UNSENT;
      }
      try {
        client.putMetricData(request.toBuilder()
            .overrideConfiguration(o -> o.apiCallTimeout(remaining)).build());
        return Outcome.PUBLISHED;
      } catch (ApiCallTimeoutException e) {
        LOG.warn("PutMetricData timed out at the deadline (namespace={}, datums={})", batch.namespace(), batch.data().size());
        return Outcome.UNSENT;
      } catch (AwsServiceException e) {
        if (!retryable(e)) {
          LOG.warn("PutMetricData rejected (namespace={}, datums={}, status={}, error={}): {}", batch.namespace(),
              batch.data().size(), e.statusCode(), e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
          return Outcome.REJECTED;
        }
        LOG.info("PutMetricData attempt {} failed (status={}, error={})", attempt, e.statusCode(),
            e.awsErrorDetails().errorCode());
      } catch (SdkClientException e) {
        LOG.info("PutMetricData attempt {} failed: {}", attempt, e.getMessage());
      }
      if (attempt == maxAttempts || !sleepBefore(deadline, attempt)) {
        return Outcome.UNSENT;
      }
    }
  }

  private static boolean retryable(AwsServiceException e) {
    return e.isThrottlingException() || e.statusCode() >= 500;
  }

  /** Sleeps the backoff of {@code attempt}; false when that would pass the deadline. */
  private boolean sleepBefore(Instant deadline, int attempt) {
    long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
    if (Instant.now().plusMillis(delay).isAfter(deadline)) {
      return false;
    }
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static PutMetricDataRequest toRequest(MetricBatch batch) {
    List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data = new ArrayList<>(batch.data().size());
    for (MetricDatum datum : batch.data()) {
      List<Dimension> dimensions = new ArrayList<>(datum.dimensions().size());
      datum.dimensions().forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
      var builder = software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder()
          .metricName(datum.metricName())
          .dimensions(dimensions)
          .timestamp(datum.timestamp())
          .unit(StandardUnit.fromValue(datum.unit()))
          .storageResolution(datum.storageResolution());
      if (datum.value() != null) {
        builder.value(datum.value());
      } else if (datum.statistics() != null) {
        builder.statisticValues(StatisticSet.builder().sampleCount(datum.statistics().sampleCount())
            .sum(datum.statistics().sum()).minimum(datum.statistics().minimum())
            .maximum(datum.statistics().maximum()).build());
      } else {
        builder.values(datum.values()).counts(datum.counts());
      }
      data.add(builder.build());
    }
    return PutMetricDataRequest.builder().namespace(batch.namespace()).metricData(data).build();
  }

  private enum Outcome { PUBLISHED, REJECTED, UNSENT }

  /** Configures a {@link CloudWatchPublisher}. */
  static final class Builder {
    private CloudWatchClient client;
    private int maxAttempts = 5;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(2);

    private Builder() {}

    /** The client to call (required). Its own SDK retries, if any, happen inside each attempt. */
    public Builder client(CloudWatchClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
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

    /** The backoff before the second attempt (doubling after, full jitter; default 100 ms, at most 2 s). */
    public Builder backoff(Duration baseDelay, Duration maxDelay) {
      Objects.requireNonNull(baseDelay, "baseDelay == null");
      Objects.requireNonNull(maxDelay, "maxDelay == null");
      if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay: " + baseDelay + ", " + maxDelay);
      }
      this.baseDelay = baseDelay;
      this.maxDelay = maxDelay;
      return this;
    }

    /** @throws IllegalStateException without a client */
    public CloudWatchPublisher build() {
      if (client == null) {
        throw new IllegalStateException("client is required");
      }
      return new CloudWatchPublisher(this);
    }
  }
}
