package dev.noops.logs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.noops.lambda.SnapStartHook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log shipper Lambda: a CloudWatch Logs subscription (or Kinesis) event in, documents in
 * Elasticsearch/OpenSearch out. An adapter around {@link Shipper}; a failed delivery throws, so
 * Lambda retries the invocation and finally keeps it in the on-failure queue. An SQS event is that
 * queue drained by the template's (disabled by default) event source mapping: see {@link
 * QueueDrain}.
 */
public final class ShipperHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperHandler.class);

  /**
   * Time kept back from the invocation's remaining time, so that publishing metrics never times it
   * out.
   */
  private static final Duration METRICS_MARGIN = Duration.ofMillis(500);

  private final Shipper shipper;
  private final MetricsListener metrics;

  /** Held here because the CRaC context keeps its resources only weakly. */
  private final ShipperPriming priming;

  /**
   * Reads the configuration from the environment and builds the HTTP client once per execution
   * environment (the CloudWatch client when metrics are first published), and registers the
   * SnapStart priming hook ({@link ShipperPriming}).
   */
  public ShipperHandler() {
    // the shipper's own configuration is checked first: a missing ES_ENDPOINT is the likelier
    // mistake
    this(
        ShipperConfig.fromEnvironment(System.getenv()),
        MetricsListener.fromEnvironment(System.getenv()));
    SnapStartHook.registerIfSnapshotted(priming, System.getenv());
  }

  private ShipperHandler(ShipperConfig config, MetricsListener metrics) {
    this(Shipper.create(config, metrics), metrics);
  }

  /** A handler around a given shipper whose MONITORING lines are only indexed (tests, tools). */
  public ShipperHandler(Shipper shipper) {
    this(shipper, null);
  }

  ShipperHandler(Shipper shipper, MetricsListener metrics) {
    this.shipper = java.util.Objects.requireNonNull(shipper, "shipper == null");
    this.metrics = metrics;
    this.priming = new ShipperPriming(shipper, metrics);
  }

  /** The SnapStart hook this handler registers (tests call it directly). */
  ShipperPriming priming() {
    return priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    MDC.put("awsRequestId", context.getAwsRequestId());
    try {
      byte[] bytes = input.readAllBytes();
      Instant deadline =
          Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(METRICS_MARGIN);
      if (QueueDrain.isSqsEvent(bytes)) {
        output.write(drain(bytes, deadline.minus(shipper.safetyMargin())));
        return;
      }
      ShipReport report;
      try {
        report = shipper.ship(bytes, Duration.ofMillis(context.getRemainingTimeInMillis()));
      } catch (RuntimeException e) {
        if (metrics != null) {
          metrics.discard(); // the retried invocation hands the same lines again
        }
        throw e;
      }
      int unpublished = metrics == null ? 0 : metrics.publish(deadline);
      LOG.info(
          "shipped {} events: {} documents indexed, {} dead-lettered, {} invalid inputs, {} dropped"
              + " by the filter, redactions {}, {} routed without their tags",
          report.events(),
          report.indexed(),
          report.deadLettered(),
          report.invalidInputs(),
          report.dropped(),
          report.redactions(),
          report.untaggedRoutes());
      output.write(
          ("{\"events\":"
                  + report.events()
                  + ",\"indexed\":"
                  + report.indexed()
                  + ",\"deadLettered\":"
                  + report.deadLettered()
                  + ",\"invalidInputs\":"
                  + report.invalidInputs()
                  + ",\"dropped\":"
                  + report.dropped()
                  + ",\"redacted\":"
                  + report.redactions().values().stream().mapToInt(Integer::intValue).sum()
                  + ",\"untaggedRoutes\":"
                  + report.untaggedRoutes()
                  + ",\"metricsUnpublished\":"
                  + unpublished
                  + "}")
              .getBytes(StandardCharsets.UTF_8));
    } catch (ShipperException e) {
      LOG.error("invocation failed and will be retried: {}", e.getMessage());
      throw e;
    } finally {
      MDC.remove("awsRequestId");
    }
  }

  private byte[] drain(byte[] event, Instant deadline) throws IOException {
    QueueDrain.Metrics published =
        metrics == null
            ? QueueDrain.Metrics.NONE
            : new QueueDrain.Metrics() {
              @Override
              public void delivered(Instant by) {
                metrics.publish(by);
              }

              @Override
              public void failed() {
                metrics.discard();
              }
            };
    QueueDrain.Outcome outcome = new QueueDrain(shipper, published).drain(event, deadline);
    LOG.info(
        "drained {} failure-queue records: {} shipped ({} malformed, dead-lettered), {} left in the"
            + " queue",
        outcome.records(),
        outcome.shipped(),
        outcome.malformed(),
        outcome.failed().size());
    return QueueDrain.response(outcome);
  }
}
