package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.support.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

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
  private final List<IndexTemplates> templates = new ArrayList<>();
  private final MetricLineListener metrics;
  private final JsonFields jsonFields;
  private final ClusterProbe probe;
  private boolean prepared;

  Shipper(ShipperConfig config, Transport transport, MetricLineListener metrics) {
    this(config, transport, metrics, TagEnricher.lazy(TagLookup::create));
  }

  /** With {@code tags} as the tag lookup (tests point it at a scripted endpoint). */
  Shipper(
      ShipperConfig config,
      Transport transport,
      MetricLineListener metrics,
      TagEnricher.Lookup tags) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    JsonFactory json = jsonFactory();
    this.names = new IndexNames(config.indexPrefix(), config.dataStream());
    this.decoder = new PayloadDecoder(json, config.region());
    this.jsonFields =
        new JsonFields(config.jsonMapping() == null ? JsonMapping.KEY_VALUE : config.jsonMapping());
    this.probe = new ClusterProbe(transport, json);
    IndexRouter router = config.newRouter(names);
    this.pipeline =
        new Pipeline(
            new EventParser(new JsonTrees(json), metrics),
            new DocumentWriter(jsonFields),
            router,
            config.limits(),
            config.newRedactor(),
            config.newFilter(),
            config.newTagEnricher(tags));
    router.all().forEach(route -> templates.add(new IndexTemplates(json, route)));
    this.body = new BulkBody(names, config.gzipLevel());
    this.delivery =
        new BulkDelivery(
            transport,
            body,
            new BulkResponseParser(json),
            names,
            config.retryPolicy(),
            config.limits());
  }

  /**
   * A shipper with a real HTTP client (kept alive across invocations) and the configured
   * authentication.
   */
  public static Shipper create(ShipperConfig config, MetricLineListener metrics) {
    if (config.secretArn() != null) {
      return create(config, metrics, ClusterSecret.of(config.secretArn(), config.auth()));
    }
    RequestSigner signer =
        switch (config.auth()) {
          case NONE -> RequestSigner.NONE;
          case BASIC -> RequestSigner.basic(config.username(), config.password());
          case API_KEY -> RequestSigner.apiKey(config.apiKey());
          case AWS_SIGV4 ->
              new SigV4Signer(
                  DefaultCredentialsProvider.builder().build(),
                  config.awsService(),
                  config.region());
        };
    Transport transport =
        new HttpTransport(
            HttpTransport.newClient(
                config.connectTimeout(), config.endpoint(), config.sslContext()),
            config.endpoint(),
            signer);
    return new Shipper(config, transport, metrics);
  }

  /** Credentials from a Secrets Manager secret, read again once when the cluster refuses them. */
  static Shipper create(ShipperConfig config, MetricLineListener metrics, ClusterSecret secret) {
    Transport http =
        new HttpTransport(
            HttpTransport.newClient(config.connectTimeout(), config.endpoint(), null),
            config.endpoint(),
            secret.signer());
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
    return run(
        Deadline.after(remaining.minus(config.safetyMargin())),
        invalidInput,
        invocation -> decoder.decode(input, invocation));
  }

  private ShipReport run(
      Deadline deadline, Consumer<String> invalidInput, Consumer<Invocation> feed) {
    Invocation invocation = new Invocation(pipeline, delivery, deadline, invalidInput);
    try {
      prepareOnce(deadline);
      feed.accept(invocation);
      invocation.flush();
      ShipReport report = invocation.report();
      ShipperMetrics.emit(report, metrics);
      return report;
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
    decoder.decode(
        input,
        new PayloadSink() {
          private LogContext context;
          private StreamState stream;

          @Override
          @SuppressWarnings("ReferenceEquality") // identity is the cache key: one per payload
          public void event(LogContext eventContext, LogEvent event) {
            if (eventContext != context) {
              context = eventContext;
              stream = new StreamState();
            }
            pipeline.render(eventContext, event, stream, body, out);
          }

          @Override
          public void invalid(InvalidInput bad) {
            invalid.add(bad.reason());
          }
        });
    return invalid;
  }

  /**
   * Runs a built-in sample ({@link PrimingSample}) through decoding, parsing, serializing and gzip,
   * and signs a request with placeholder credentials when the cluster wants SigV4, sending nothing:
   * the SnapStart priming hook, so the snapshot holds loaded and initialized classes. The cluster
   * is never called and the credentials chain never consulted.
   */
  void prime() {
    ByteArrayOutputStream bulk = new ByteArrayOutputStream();
    List<String> invalid = render(PrimingSample.event(), bulk);
    if (!invalid.isEmpty()) {
      throw new IllegalStateException("the priming sample was refused: " + invalid);
    }
    byte[] compressed = Gzip.of(bulk.toByteArray());
    if (config.auth() == ShipperConfig.Auth.AWS_SIGV4) {
      AwsCredentialsProvider placeholder =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create("AKIDNOOPSPRIMING", "noops-priming-only"));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/x-ndjson");
      headers.put("Content-Encoding", "gzip");
      new SigV4Signer(placeholder, config.awsService(), config.region())
          .headers("POST", config.endpoint().resolve(BulkDelivery.BULK_PATH), headers, compressed);
    }
  }

  /**
   * Re-ships the events of the dead-letter indices (see {@link DeadLetterReplay}); with {@code
   * dryRun} only counts them. {@code progress} gets the running totals after each page.
   *
   * @throws ShipperException when the dead-letter indices cannot be read or a page not delivered
   */
  public ReplaySummary replayDeadLetters(
      boolean dryRun, java.util.function.Consumer<ReplaySummary> progress, Duration perPage) {
    DeadLetterReplay replay =
        new DeadLetterReplay(transport, new ObjectMapper(jsonFactory()), config.indexPrefix());
    try {
      return replay.run(
          dryRun,
          letters -> {
            Invocation invocation = new Invocation(pipeline, delivery, Deadline.after(perPage));
            prepareOnce(Deadline.after(perPage));
            letters.forEach(letter -> invocation.event(letter.context(), letter.event()));
            invocation.flush();
            return invocation.report();
          },
          progress,
          config.retryPolicy().timeout(Deadline.after(perPage)));
    } catch (java.io.IOException e) {
      throw new ShipperException("cannot replay the dead letters: " + e.getMessage());
    }
  }

  /**
   * Re-ships one record of the shipper's on-failure queue: Lambda's destination record holds the
   * original invocation input under {@code requestPayload}; ids are the CloudWatch event ids, so a
   * second replay duplicates nothing.
   *
   * @throws InvalidInputException when the record has no {@code requestPayload}
   */
  public ShipReport replayQueueRecord(byte[] record, Duration remaining) {
    return ship(QueueRecord.payload(record), remaining);
  }

  /**
   * Ships one message body of the on-failure queue drained by the event source mapping, like {@link
   * #replayQueueRecord}; a body that is not a destination record with a {@code requestPayload}
   * object goes whole to the dead-letter index (id from its digest, so a second delivery overwrites
   * it) instead of failing, so it never returns to the queue. {@code budget} is this record's share
   * of the invocation's time, the safety margin already kept back ({@link #safetyMargin()}).
   *
   * @throws ShipperException when something could not be delivered in time: the message must stay
   *     in the queue
   */
  ShipReport shipQueueRecord(String body, Duration budget) {
    Deadline deadline = Deadline.after(budget);
    byte[] payload;
    try {
      payload = QueueRecord.payload(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (InvalidInputException e) {
      return run(
          deadline, null, invocation -> invocation.invalid(InvalidInput.of(e.getMessage(), body)));
    }
    return run(deadline, null, invocation -> decoder.decode(payload, invocation));
  }

  /** The time kept back from an invocation's remaining time to fail cleanly. */
  Duration safetyMargin() {
    return config.safetyMargin();
  }

  /**
   * What filtering and redaction did to the inputs {@link #render} wrote since the last call: the
   * events dropped ({@code dropped}), the redactions per rule ({@code redacted.<rule>}) and the
   * events tag rules could not route for want of tags ({@code untaggedRoutes}, when any).
   */
  public java.util.Map<String, Integer> drainRenderEffects() {
    Pipeline.Effects effects = pipeline.drainEffects();
    java.util.Map<String, Integer> summary = new java.util.TreeMap<>();
    summary.put("dropped", effects.dropped());
    if (effects.untaggedRoutes() > 0) {
      summary.put("untaggedRoutes", effects.untaggedRoutes());
    }
    effects.redactions().forEach((rule, count) -> summary.put("redacted." + rule, count));
    return summary;
  }

  /**
   * Once per execution environment: chooses how application JSON is mapped (asking the cluster
   * unless configured) and installs the index templates. Until both succeed, documents carry {@code
   * json_kv} pairs, which any mapping accepts, and the next invocation tries again.
   */
  private void prepareOnce(Deadline deadline) {
    if (prepared) {
      return;
    }
    JsonMapping mapping =
        config.jsonMapping() != null
            ? config.jsonMapping()
            : probe.probe(config.retryPolicy().timeout(deadline));
    if (mapping == null) {
      return;
    }
    jsonFields.use(mapping);
    prepared =
        !config.installTemplates()
            || templates.stream()
                .allMatch(
                    t ->
                        t.install(
                            transport, mapping, () -> config.retryPolicy().timeout(deadline)));
  }

  static JsonFactory jsonFactory() {
    // a 256 KB message can be one string; nesting is capped well below a stack overflow
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(50_000_000)
                .build())
        .build();
  }
}
