package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Ships CloudWatch Logs data to Elasticsearch or OpenSearch: decodes the input as a stream, parses
 * every event into one ECS document, and delivers them with {@code _bulk} (ids are CloudWatch event
 * ids, so shipping the same input again overwrites instead of duplicating). One instance per
 * execution environment; not for concurrent use.
 */
public final class Shipper {
  private final ShipperConfig config;
  private final Transport transport;
  private final IndexNames names;
  private final PayloadDecoder decoder;
  private final Pipeline pipeline;
  private final BulkBody body;
  private final BulkDelivery delivery;
  private final IndexTemplates templates;
  private final MetricLineListener metrics;
  private boolean templatesInstalled;

  Shipper(ShipperConfig config, Transport transport, MetricLineListener metrics) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    ObjectMapper mapper = new ObjectMapper(jsonFactory());
    JsonFactory json = mapper.getFactory();
    this.names = new IndexNames(config.indexPrefix(), config.dataStream());
    this.decoder = new PayloadDecoder(json, config.region());
    this.pipeline = new Pipeline(new EventParser(mapper, metrics), new DocumentWriter(json), names, config.limits());
    this.body = new BulkBody(names, config.gzipLevel());
    this.delivery = new BulkDelivery(transport, body, new BulkResponseParser(json), names, config.retryPolicy(),
        config.limits());
    this.templates = new IndexTemplates(mapper, names);
  }

  /** A shipper with a real HTTP client (kept alive across invocations) and the configured authentication. */
  public static Shipper create(ShipperConfig config, MetricLineListener metrics) {
    if (config.secretArn() != null) {
      return create(config, metrics, ClusterSecret.of(config.secretArn(), config.auth()));
    }
    RequestSigner signer = switch (config.auth()) {
      case NONE -> RequestSigner.NONE;
      case BASIC -> RequestSigner.basic(config.username(), config.password());
      case API_KEY -> RequestSigner.apiKey(config.apiKey());
      case AWS_SIGV4 -> new SigV4Signer(DefaultCredentialsProvider.builder().build(), config.awsService(), config.region());
    };
    Transport transport = new HttpTransport(HttpTransport.newClient(config.connectTimeout()), config.endpoint(), signer);
    return new Shipper(config, transport, metrics);
  }

  /** Credentials from a Secrets Manager secret, read again once when the cluster refuses them. */
  static Shipper create(ShipperConfig config, MetricLineListener metrics, ClusterSecret secret) {
    Transport http = new HttpTransport(HttpTransport.newClient(config.connectTimeout()), config.endpoint(), secret.signer());
    return new Shipper(config, new RefreshOnAuthFailure(http, secret), metrics);
  }

  /**
   * Ships one invocation's input within {@code remaining} (minus the configured safety margin).
   *
   * @throws ShipperException when something could not be delivered in time, or a dead letter was
   *     rejected: the invocation must fail so that it is retried
   */
  public ShipReport ship(byte[] input, Duration remaining) {
    return ship(input, remaining, null);
  }

  /**
   * Like {@link #ship(byte[], Duration)}, in one pass over the input, but a part that is not
   * CloudWatch Logs data is handed to {@code invalidInput} (its reason) instead of the dead-letter
   * index, and counted as invalid: a terminal reports it rather than indexing it.
   */
  public ShipReport ship(byte[] input, Duration remaining, Consumer<String> invalidInput) {
    Deadline deadline = Deadline.after(remaining.minus(config.safetyMargin()));
    Invocation invocation = new Invocation(pipeline, delivery, deadline, invalidInput);
    try {
      installTemplatesOnce(deadline);
      decoder.decode(input, invocation);
      invocation.flush();
      return invocation.report();
    } finally {
      metrics.onInvocationEnd();
    }
  }

  /**
   * Writes the exact {@code _bulk} NDJSON that {@link #ship} would send for {@code input} (without
   * dead letters), and returns the reasons of any part that is not CloudWatch Logs data.
   */
  public List<String> render(byte[] input, OutputStream out) {
    List<String> invalid = new ArrayList<>();
    decoder.decode(input, new PayloadSink() {
      private LogContext context;
      private StreamState stream;

      @Override
      public void event(LogContext eventContext, LogEvent event) {
        if (eventContext != context) {
          context = eventContext;
          stream = new StreamState();
        }
        body.write(pipeline.item(eventContext, event, stream), out);
      }

      @Override
      public void invalid(InvalidInput bad) {
        invalid.add(bad.reason());
      }
    });
    return invalid;
  }

  private void installTemplatesOnce(Deadline deadline) {
    if (templatesInstalled || !config.installTemplates()) {
      return;
    }
    templatesInstalled = templates.install(transport, () -> config.retryPolicy().timeout(deadline));
  }

  static JsonFactory jsonFactory() {
    // a 256 KB message can be one string; nesting is capped well below a stack overflow
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).maxStringLength(50_000_000).build())
        .build();
  }
}
