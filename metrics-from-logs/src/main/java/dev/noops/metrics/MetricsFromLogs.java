package dev.noops.metrics;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * Turns MONITORING log lines into CloudWatch metrics. Build one per execution environment, then one
 * {@link MetricsInvocation} per invocation:
 *
 * <pre>{@code
 * MetricsFromLogs metrics = MetricsFromLogs.builder().cloudWatch().build();
 * MetricsInvocation invocation = metrics.newInvocation();
 * for (LogEvent event : payload.logEvents()) {
 *   invocation.accept(payload.logGroup(), event.message(), event.timestamp());
 * }
 * PublishReport report = invocation.publish(deadline);
 * }</pre>
 *
 * Thread-safe; immutable.
 */
public final class MetricsFromLogs {
  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "noops";

  private final String namespace;
  private final MetricPublisher publisher;
  private final boolean highResolution;
  private final boolean reportMetrics;
  private final boolean functionNameDimension;
  private final boolean rollup;
  private final Clock clock;
  private final Duration defaultTimeout;

  private MetricsFromLogs(Builder builder) {
    this.namespace = builder.namespace;
    this.publisher = builder.publisher;
    this.highResolution = builder.highResolution;
    this.reportMetrics = builder.reportMetrics;
    this.functionNameDimension = builder.functionNameDimension;
    this.rollup = builder.rollup;
    this.clock = builder.clock;
    this.defaultTimeout = builder.defaultTimeout;
  }

  /** A builder with the defaults: namespace {@code noops}, minute resolution, no REPORT metrics. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder configured from environment variables: {@code NOOPS_METRICS_NAMESPACE}, {@code
   * NOOPS_METRICS_PUBLISHER} ({@code cloudwatch}, the default, or {@code emf}), {@code
   * NOOPS_METRICS_HIGH_RESOLUTION}, {@code NOOPS_METRICS_REPORT_METRICS}, {@code
   * NOOPS_METRICS_FUNCTION_NAME_DIMENSION} (default true) and {@code NOOPS_METRICS_ROLLUP} ({@code
   * true}/{@code false}).
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Builder builder = builder();
    String namespace = env.get("NOOPS_METRICS_NAMESPACE");
    if (namespace != null && !namespace.isEmpty()) {
      try {
        builder.namespace(namespace);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("NOOPS_METRICS_NAMESPACE: " + e.getMessage(), e);
      }
    }
    String publisher =
        env.getOrDefault("NOOPS_METRICS_PUBLISHER", "cloudwatch").toLowerCase(Locale.ROOT);
    switch (publisher) {
      case "cloudwatch", "" -> builder.cloudWatch();
      case "emf" -> builder.publisher(EmfPublisher.toStdout());
      default ->
          throw new IllegalArgumentException(
              "NOOPS_METRICS_PUBLISHER must be cloudwatch or emf, not "
                  + LineGrammar.shorten(publisher));
    }
    return builder
        .highResolution(flag(env, "NOOPS_METRICS_HIGH_RESOLUTION", false))
        .reportMetrics(flag(env, "NOOPS_METRICS_REPORT_METRICS", false))
        .functionNameDimension(flag(env, "NOOPS_METRICS_FUNCTION_NAME_DIMENSION", true))
        .rollup(flag(env, "NOOPS_METRICS_ROLLUP", false));
  }

  /** A builder holding this configuration, to change one part of it. */
  Builder toBuilder() {
    Builder copy = new Builder();
    copy.namespace = namespace;
    copy.publisher = publisher;
    copy.highResolution = highResolution;
    copy.reportMetrics = reportMetrics;
    copy.functionNameDimension = functionNameDimension;
    copy.rollup = rollup;
    copy.clock = clock;
    copy.defaultTimeout = defaultTimeout;
    return copy;
  }

  /**
   * A CloudWatch client builder with the settings {@link Builder#cloudWatch()} uses (url-connection
   * HTTP, connect and read timeouts of about a second, SDK retries off), for a caller that sets its
   * own endpoint, region or credentials and passes the client to {@link
   * Builder#cloudWatch(CloudWatchClient)}.
   */
  public static CloudWatchClientBuilder cloudWatchClientBuilder() {
    return CloudWatchPublisher.clientBuilder();
  }

  /** Builds the publisher's clients without publishing (see {@link MetricPublisher#prime}). */
  public void prime() {
    publisher.prime();
  }

  /** A new, empty aggregation for one invocation. */
  public MetricsInvocation newInvocation() {
    return new MetricsInvocation(this);
  }

  String namespace() {
    return namespace;
  }

  MetricPublisher publisher() {
    return publisher;
  }

  boolean highResolution() {
    return highResolution;
  }

  boolean reportMetrics() {
    return reportMetrics;
  }

  Clock clock() {
    return clock;
  }

  Duration defaultTimeout() {
    return defaultTimeout;
  }

  boolean functionNameDimension() {
    return functionNameDimension;
  }

  boolean rollup() {
    return rollup;
  }

  private static boolean flag(Map<String, String> env, String name, boolean otherwise) {
    String value = env.getOrDefault(name, "").trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false") && !value.isEmpty()) {
      throw new IllegalArgumentException(
          name + " must be true or false, not " + LineGrammar.shorten(value));
    }
    return value.isEmpty() ? otherwise : value.equals("true");
  }

  /** Configures a {@link MetricsFromLogs}; {@link #build()} checks it. */
  public static final class Builder {
    private String namespace = DEFAULT_NAMESPACE;
    private MetricPublisher publisher;
    private boolean highResolution;
    private boolean reportMetrics;
    private boolean functionNameDimension = true;
    private boolean rollup;
    private Clock clock = Clock.systemUTC();
    private Duration defaultTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The CloudWatch namespace of MONITORING metrics; not {@code AWS/...}. */
    public Builder namespace(String namespace) {
      this.namespace = Namespaces.check(namespace);
      return this;
    }

    /**
     * Publish with {@code PutMetricData} through a client of its own: region and credentials from
     * the SDK's default chains, {@code AWS_ENDPOINT_URL}/{@code AWS_ENDPOINT_URL_CLOUDWATCH}
     * honoured. Needs the optional {@code software.amazon.awssdk:cloudwatch} and {@code
     * url-connection-client}.
     */
    public Builder cloudWatch() {
      return publisher(CloudWatchPublisher.create());
    }

    /**
     * Publish with {@code PutMetricData} through {@code client} (retried within the deadline here).
     */
    public Builder cloudWatch(CloudWatchClient client) {
      Objects.requireNonNull(client, "client == null");
      return publisher(CloudWatchPublisher.builder().client(client).build());
    }

    /**
     * Write Embedded Metric Format documents to {@code out} (stdout in a Lambda) instead of calling
     * an API.
     */
    public Builder emf(PrintStream out) {
      return publisher(EmfPublisher.to(out));
    }

    /**
     * Hand each {@code PutMetricData} request, as one JSON object with the API's field names, to
     * {@code requests} instead of sending it (a dry run); every datum counts as published.
     */
    public Builder printRequests(Consumer<String> requests) {
      Objects.requireNonNull(requests, "requests == null");
      return publisher(
          (batches, deadline) -> {
            batches.forEach(batch -> requests.accept(batch.toJson()));
            return PublishResult.allPublished(batches);
          });
    }

    Builder publisher(MetricPublisher publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher == null");
      return this;
    }

    /**
     * Whether datums of {@code /aws/lambda/<name>} groups carry a {@code FunctionName} dimension
     * (default true). One line overrides it with the reserved tag {@code
     * noops.function_name:true|false}.
     */
    public Builder functionNameDimension(boolean functionNameDimension) {
      this.functionNameDimension = functionNameDimension;
      return this;
    }

    /**
     * Also publish every datum that has {@code FunctionName} without it, for fleet-wide graphs
     * (default false).
     */
    public Builder rollup(boolean rollup) {
      this.rollup = rollup;
      return this;
    }

    /** Aggregate per second with {@code StorageResolution=1} instead of per minute. */
    public Builder highResolution(boolean highResolution) {
      this.highResolution = highResolution;
      return this;
    }

    /**
     * Also derive per-function metrics (cold starts, timeouts, memory, duration) from REPORT lines,
     * in {@code noops/lambda}.
     */
    public Builder reportMetrics(boolean reportMetrics) {
      this.reportMetrics = reportMetrics;
      return this;
    }

    /** The clock of the timestamp window and of the counters' timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long {@link MetricsInvocation#publish()} (without a deadline) may take. */
    public Builder defaultTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /**
     * Builds the metrics of the destination chosen.
     *
     * @throws IllegalStateException when no destination ({@link #cloudWatch()}, {@link #emf},
     *     {@link #printRequests}) was chosen
     */
    public MetricsFromLogs build() {
      if (publisher == null) {
        throw new IllegalStateException("publisher is required");
      }
      return new MetricsFromLogs(this);
    }
  }
}
