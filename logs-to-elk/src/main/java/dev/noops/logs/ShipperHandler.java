package dev.noops.logs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log shipper Lambda: a CloudWatch Logs subscription (or Kinesis) event in, documents in
 * Elasticsearch/OpenSearch out. An adapter around {@link Shipper}; a failed delivery throws, so
 * Lambda retries the invocation and finally keeps it in the on-failure queue.
 */
public final class ShipperHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperHandler.class);

  private final Shipper shipper;

  /** Reads the configuration from the environment and builds the HTTP client once per execution environment. */
  public ShipperHandler() {
    this(Shipper.create(ShipperConfig.fromEnvironment(System.getenv()), MetricLineListener.NONE));
  }

  /** A handler around a given shipper (tests, or a different metrics listener). */
  public ShipperHandler(Shipper shipper) {
    this.shipper = shipper;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    MDC.put("awsRequestId", context.getAwsRequestId());
    try {
      byte[] bytes = input.readAllBytes();
      ShipReport report = shipper.ship(bytes, Duration.ofMillis(context.getRemainingTimeInMillis()));
      LOG.info("shipped {} events: {} documents indexed, {} dead-lettered, {} invalid inputs",
          report.events(), report.indexed(), report.deadLettered(), report.invalidInputs());
      output.write(("{\"events\":" + report.events() + ",\"indexed\":" + report.indexed() + ",\"deadLettered\":"
          + report.deadLettered() + ",\"invalidInputs\":" + report.invalidInputs() + "}").getBytes(StandardCharsets.UTF_8));
    } catch (ShipperException e) {
      LOG.error("invocation failed and will be retried: {}", e.getMessage());
      throw e;
    } finally {
      MDC.remove("awsRequestId");
    }
  }
}
