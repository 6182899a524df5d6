package dev.noops.metrics;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For functions off the critical path (cron jobs, stream processors): buffers what {@link
 * Monitoring} records during an invocation and, at its end, {@link #flush()} publishes it within a
 * time budget (e.g. 50 ms). Whatever is not published within the budget is written to stdout as
 * MONITORING lines, so the log shipper still publishes it; flush never throws and never takes much
 * longer than the budget.
 *
 * <pre>{@code
 * static final DirectMetrics METRICS = DirectMetrics.create(
 *     MetricsFromLogs.builder().cloudWatch().build(), Duration.ofMillis(50));
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

  DirectMetrics(
      MetricsFromLogs metrics, String functionName, Duration budget, PrintStream fallback) {
    Objects.requireNonNull(metrics, "metrics == null");
    Objects.requireNonNull(budget, "budget == null");
    if (budget.isNegative()) {
      throw new IllegalArgumentException("budget must not be negative: " + budget);
    }
    MetricPublisher publisher = metrics.publisher();
    // no rollup here: a datum written back as a line would be rolled up a second time by the
    // shipper
    this.metrics =
        metrics.toBuilder()
            .rollup(false)
            .publisher(
                (batches, deadline) -> {
                  try {
                    return publisher.publish(batches, deadline);
                  } catch (RuntimeException e) {
                    LOG.warn(
                        "direct metrics publishing failed; writing MONITORING lines instead: {}",
                        e.toString());
                    return new PublishResult(List.of(), List.of(), batches);
                  }
                })
            .build();
    this.current = this.metrics.newInvocation();
    this.logGroup = functionName == null ? null : "/aws/lambda/" + functionName;
    this.budget = budget;
    this.fallback = fallback;
  }

  /**
   * Publishes with {@code metrics} (its namespace, destination and dimension settings) within
   * {@code budget} per flush; FunctionName from {@code AWS_LAMBDA_FUNCTION_NAME}.
   */
  public static DirectMetrics create(MetricsFromLogs metrics, Duration budget) {
    return create(metrics, System.getenv("AWS_LAMBDA_FUNCTION_NAME"), budget);
  }

  /**
   * As {@link #create(MetricsFromLogs, Duration)} with the FunctionName dimension given (null:
   * none).
   */
  public static DirectMetrics create(
      MetricsFromLogs metrics, String functionName, Duration budget) {
    return new DirectMetrics(metrics, functionName, budget, null);
  }

  /**
   * Aggregates one line until {@link #flush()} (memory grows with distinct metrics, not with
   * calls).
   */
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
   * @return what was published (all zero when nothing was buffered)
   */
  public PublishReport flush() {
    return flushWithResult().report();
  }

  MetricsInvocation.Published flushWithResult() {
    Instant deadline = Instant.now().plus(budget);
    MetricsInvocation invocation;
    synchronized (lock) {
      if (empty) {
        return new MetricsInvocation.Published(
            new PublishReport(0, 0, 0, 0, 0, 0, 0, 0, 0), PublishResult.allPublished(List.of()));
      }
      invocation = current;
      current = metrics.newInvocation();
      empty = true;
    }
    MetricsInvocation.Published published = invocation.publishWithResult(deadline);
    writeAsLines(published.result().unsent());
    return published;
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
    if (tags.remove(Dimensions.FUNCTION_NAME) == null) {
      tags.put(Dimensions.FUNCTION_NAME_TAG, "false"); // the shipper must not add it either
    }
    if (datum.value() != null) {
      out.append(
              new MonitoringLine(datum.timestamp(), datum.value(), type, datum.metricName(), tags)
                  .toLine())
          .append('\n');
      return;
    }
    for (double[] sample : datum.samples()) {
      String line =
          new MonitoringLine(datum.timestamp(), sample[0], type, datum.metricName(), tags).toLine();
      for (long n = Math.round(sample[1]); n > 0; n--) {
        out.append(line).append('\n');
      }
    }
  }

  private PrintStream fallback() {
    return fallback != null ? fallback : System.out;
  }
}
