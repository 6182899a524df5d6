package dev.noops.metrics;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For functions off the critical path (cron jobs, stream processors): buffers what
 * {@link Monitoring} records during an invocation and, at its end, {@link #flush()} publishes it with
 * PutMetricData within a time budget (default 50 ms). Whatever is not published within the budget
 * is written to stdout as MONITORING lines, so the log shipper still publishes it; flush never
 * throws and never takes much longer than the budget.
 *
 * <pre>{@code
 * static final DirectMetrics METRICS = DirectMetrics.builder().publisher(CloudWatchPublisher.create()).build();
 * static { Monitoring.sendTo(METRICS); }
 * ... handleRequest(...) { try { ... Monitoring.count("rows", n); } finally { METRICS.flush(); } }
 * }</pre>
 */
public final class DirectMetrics implements Consumer<MonitoringLine> {
  private static final Logger LOG = LoggerFactory.getLogger(DirectMetrics.class);

  private final MetricsFromLogs metrics;
  private final String logGroup;
  private final Duration budget;
  private final PrintStream fallback;
  private final Object lock = new Object();
  private MetricsInvocation current;
  private boolean empty = true;

  private DirectMetrics(Builder builder) {
    MetricPublisher publisher = builder.publisher;
    this.metrics = MetricsFromLogs.builder().namespace(builder.namespace).publisher((batches, deadline) -> {
      try {
        return publisher.publish(batches, deadline);
      } catch (RuntimeException e) {
        LOG.warn("direct metrics publishing failed; writing MONITORING lines instead: {}", e.toString());
        return new PublishResult(List.of(), List.of(), batches);
      }
    }).clock(builder.clock).build();
    this.current = metrics.newInvocation();
    this.logGroup = builder.functionName == null ? null : "/aws/lambda/" + builder.functionName;
    this.budget = builder.budget;
    this.fallback = builder.fallback;
  }

  /** A builder: namespace {@code noops}, FunctionName from {@code AWS_LAMBDA_FUNCTION_NAME}, budget 50 ms. */
  public static Builder builder() {
    return new Builder();
  }

  /** Aggregates one line until {@link #flush()} (memory grows with distinct metrics, not with calls). */
  @Override
  public void accept(MonitoringLine line) {
    Objects.requireNonNull(line, "line == null");
    synchronized (lock) {
      current.add(logGroup, line);
      empty = false;
    }
  }

  /**
   * Publishes and clears the buffer within the budget; what did not go out is written to stdout as
   * MONITORING lines. Call it at the end of every invocation.
   *
   * @return what was published (empty when nothing was buffered)
   */
  public PublishResult flush() {
    Instant deadline = Instant.now().plus(budget);
    MetricsInvocation invocation;
    synchronized (lock) {
      if (empty) {
        return PublishResult.allPublished(List.of());
      }
      invocation = current;
      current = metrics.newInvocation();
      empty = true;
    }
    PublishResult result = invocation.publish(deadline).result();
    writeAsLines(result.unsent());
    return result;
  }

  private void writeAsLines(List<MetricBatch> unsent) {
    StringBuilder out = new StringBuilder();
    for (MetricBatch batch : unsent) {
      for (MetricDatum datum : batch.data()) {
        appendLines(datum, out);
      }
    }
    if (out.length() > 0) {
      PrintStream target = fallback();
      target.print(out);
      target.flush();
    }
  }

  /** The datum back as lines: a count as its sum, a distribution as one line per sample. */
  static void appendLines(MetricDatum datum, StringBuilder out) {
    String type = MetricType.forUnit(datum.unit()).wireName();
    Map<String, String> tags = new java.util.LinkedHashMap<>(datum.dimensions());
    tags.remove(Dimensions.FUNCTION_NAME);
    if (datum.value() != null) {
      out.append(new MonitoringLine(datum.timestamp(), datum.value(), type, datum.metricName(), tags).toLine()).append('\n');
      return;
    }
    for (int i = 0; i < datum.values().size(); i++) {
      String line = new MonitoringLine(datum.timestamp(), datum.values().get(i), type, datum.metricName(), tags).toLine();
      for (long n = Math.round(datum.counts().get(i)); n > 0; n--) {
        out.append(line).append('\n');
      }
    }
  }

  private PrintStream fallback() {
    return fallback != null ? fallback : System.out;
  }

  /** Configures a {@link DirectMetrics}. */
  public static final class Builder {
    private String namespace = MetricsFromLogs.DEFAULT_NAMESPACE;
    private MetricPublisher publisher;
    private String functionName = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    private Duration budget = Duration.ofMillis(50);
    private PrintStream fallback;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The CloudWatch namespace (default {@code noops}); not {@code AWS/...}. */
    public Builder namespace(String namespace) {
      this.namespace = Namespaces.check(namespace);
      return this;
    }

    /** The publisher (required), normally {@link CloudWatchPublisher#create()}. */
    public Builder publisher(MetricPublisher publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher == null");
      return this;
    }

    /** The FunctionName dimension (default {@code AWS_LAMBDA_FUNCTION_NAME}; null for none). */
    public Builder functionName(String functionName) {
      this.functionName = functionName;
      return this;
    }

    /** How long {@link #flush()} may spend publishing (default 50 ms). */
    public Builder budget(Duration budget) {
      Objects.requireNonNull(budget, "budget == null");
      if (budget.isNegative()) {
        throw new IllegalArgumentException("budget must not be negative: " + budget);
      }
      this.budget = budget;
      return this;
    }

    /** Where lines that missed the budget go (default {@link System#out} at the time of writing). */
    public Builder fallback(PrintStream fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback == null");
      return this;
    }

    /** The clock of the timestamp window. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** @throws IllegalStateException without a publisher */
    public DirectMetrics build() {
      if (publisher == null) {
        throw new IllegalStateException("publisher is required");
      }
      return new DirectMetrics(this);
    }
  }
}
