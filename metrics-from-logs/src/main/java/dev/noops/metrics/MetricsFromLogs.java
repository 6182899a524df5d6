package dev.noops.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns MONITORING log lines into CloudWatch metrics. Build one per execution environment, then one
 * {@link MetricsInvocation} per invocation:
 *
 * <pre>{@code
 * MetricsFromLogs metrics = MetricsFromLogs.builder().publisher(CloudWatchPublisher.create()).build();
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
  private final Clock clock;
  private final Duration defaultTimeout;

  private MetricsFromLogs(Builder builder) {
    this.namespace = builder.namespace;
    this.publisher = builder.publisher;
    this.highResolution = builder.highResolution;
    this.reportMetrics = builder.reportMetrics;
    this.clock = builder.clock;
    this.defaultTimeout = builder.defaultTimeout;
  }

  /** A builder with the defaults: namespace {@code noops}, minute resolution, no REPORT metrics. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder configured from environment variables: {@code NOOPS_METRICS_NAMESPACE},
   * {@code NOOPS_METRICS_PUBLISHER} ({@code cloudwatch}, the default, or {@code emf}),
   * {@code NOOPS_METRICS_HIGH_RESOLUTION} and {@code NOOPS_METRICS_REPORT_METRICS} ({@code true}/{@code false}).
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
    String publisher = env.getOrDefault("NOOPS_METRICS_PUBLISHER", "cloudwatch").toLowerCase(Locale.ROOT);
    switch (publisher) {
      case "cloudwatch", "" -> builder.publisher(CloudWatchPublisher.create());
      case "emf" -> builder.publisher(EmfPublisher.toStdout());
      default -> throw new IllegalArgumentException("NOOPS_METRICS_PUBLISHER must be cloudwatch or emf, not "
          + LineGrammar.shorten(publisher));
    }
    return builder.highResolution(flag(env, "NOOPS_METRICS_HIGH_RESOLUTION"))
        .reportMetrics(flag(env, "NOOPS_METRICS_REPORT_METRICS"));
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

  private static boolean flag(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "false").trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false") && !value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be true or false, not " + LineGrammar.shorten(value));
    }
    return value.equals("true");
  }

  /** Configures a {@link MetricsFromLogs}; {@link #build()} checks it. */
  public static final class Builder {
    private String namespace = DEFAULT_NAMESPACE;
    private MetricPublisher publisher;
    private boolean highResolution;
    private boolean reportMetrics;
    private Clock clock = Clock.systemUTC();
    private Duration defaultTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The CloudWatch namespace of MONITORING metrics; not {@code AWS/...}. */
    public Builder namespace(String namespace) {
      this.namespace = Namespaces.check(namespace);
      return this;
    }

    /** Where batches go (required): {@link CloudWatchPublisher}, {@link EmfPublisher} or your own. */
    public Builder publisher(MetricPublisher publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher == null");
      return this;
    }

    /** Aggregate per second with {@code StorageResolution=1} instead of per minute. */
    public Builder highResolution(boolean highResolution) {
      this.highResolution = highResolution;
      return this;
    }

    /** Also derive per-function metrics (cold starts, timeouts, memory, duration) from REPORT lines, in {@code noops/lambda}. */
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

    /** @throws IllegalStateException when no publisher was given */
    public MetricsFromLogs build() {
      if (publisher == null) {
        throw new IllegalStateException("publisher is required");
      }
      return new MetricsFromLogs(this);
    }
  }
}
