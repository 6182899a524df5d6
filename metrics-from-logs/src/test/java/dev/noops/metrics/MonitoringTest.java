package dev.noops.metrics;

import static dev.noops.testsupport.AwsWireMock.CLOUDWATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class MonitoringTest {
  private AwsWireMock aws;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
  private PrintStream originalOut;
  private CloudWatchClient client;

  @BeforeEach
  void captureStdout() {
    // a server per test: a request the previous test gave up on must not land in this one's journal
    aws = AwsWireMock.start();
    originalOut = System.out;
    System.setOut(stream);
    client =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    Monitoring.writeToStdout();
    client.close();
    aws.close();
  }

  private List<String> writtenLines() {
    String text = out.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  @Test
  void writes_well_formed_lines_to_stdout() {
    long before = Instant.now().getEpochSecond();
    Monitoring.count("yubls-served", 8);
    Monitoring.latency("user-api-latency", 27.4, Map.of("country", "uk"));
    Monitoring.latency("db", Duration.ofMillis(5));
    Monitoring.gauge("queue-depth", -3);

    List<String> lines = writtenLines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("MONITORING\\|\\d+(\\.\\d{3})?\\|8\\|count\\|yubls-served");
    assertThat(lines.get(1)).endsWith("|27.4|latency|user-api-latency|#country:uk");
    MonitoringLine read = MonitoringLine.find(lines.get(1)).orElseThrow();
    assertThat(read.timestamp().getEpochSecond()).isBetween(before, Instant.now().getEpochSecond());
    assertThat(read.unit()).isEqualTo("Milliseconds");
    assertThat(MonitoringLine.find(lines.get(2)).orElseThrow().value()).isEqualTo(5);
    assertThat(MonitoringLine.find(lines.get(3)).orElseThrow().value()).isEqualTo(-3);
  }

  @Test
  void rejects_what_the_grammar_would_reject_before_writing_anything() {
    assertThatThrownBy(() -> Monitoring.count("n", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> Monitoring.count("a|b", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Monitoring.count("", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Monitoring.count("n", 1, Map.of("k", "a,b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Monitoring.count("n", 1e200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^360");
    assertThatThrownBy(() -> Monitoring.record(null, "n", 1, Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThat(out.size()).isZero();
  }

  @Test
  void the_producer_api_runs_without_the_aws_sdk_or_slf4j_on_the_classpath() throws Exception {
    URL classes = Monitoring.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader bare =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> monitoring = bare.loadClass(Monitoring.class.getName());
      Method count = monitoring.getMethod("count", String.class, double.class);
      count.invoke(null, "no-sdk", 1.0);
      assertThatThrownBy(() -> bare.loadClass(CloudWatchClient.class.getName()))
          .isInstanceOf(ClassNotFoundException.class);
    }
    assertThat(writtenLines()).singleElement().asString().endsWith("|1|count|no-sdk");
  }

  @Test
  void direct_mode_publishes_the_buffer_with_put_metric_data_at_flush() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok());
    DirectMetrics direct =
        new DirectMetrics(
            MetricsFromLogs.builder().cloudWatch(client).build(),
            "nightly-job",
            Duration.ofSeconds(5),
            null);
    Monitoring.sendTo(direct);
    Monitoring.count("rows", 3);
    Monitoring.count("rows", 4);
    Monitoring.latency("step", 12.5);

    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData"))
        .as("nothing sent before flush")
        .isEmpty();
    PublishResult result = direct.flushWithResult().result();

    assertThat(result.complete()).isTrue();
    List<JsonNode> sent = aws.cborRequests(CLOUDWATCH, "PutMetricData");
    assertThat(sent).hasSize(1);
    JsonNode rows = sent.get(0).get("MetricData").get(0);
    assertThat(rows.get("MetricName").asText()).isEqualTo("rows");
    assertThat(rows.get("Value").asDouble()).isEqualTo(7);
    assertThat(rows.get("Dimensions").toString())
        .isEqualTo("[{\"Name\":\"FunctionName\",\"Value\":\"nightly-job\"}]");
    assertThat(writtenLines()).isEmpty();
    assertThat(direct.flushWithResult().result().published())
        .as("the buffer was cleared")
        .isEmpty();
  }

  @Test
  void direct_mode_writes_lines_for_what_misses_the_budget_and_returns_in_time() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok().delayedBy(3_000));
    DirectMetrics direct =
        new DirectMetrics(
            MetricsFromLogs.builder().cloudWatch(client).build(),
            "nightly-job",
            Duration.ofMillis(100),
            null);
    Monitoring.sendTo(direct);
    Monitoring.count("rows", 3, Map.of("table", "orders"));
    Monitoring.count("rows", 4, Map.of("table", "orders"));
    Monitoring.latency("step", 12.5);
    Monitoring.latency("step", 12.5);

    long started = System.nanoTime();
    PublishResult result = direct.flushWithResult().result();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(
            Duration.ofMillis(
                2_900)); // the answer comes after 3 s; a loaded machine is slow to start
    assertThat(result.unsent()).hasSize(1);
    List<MonitoringLine> lines =
        writtenLines().stream().map(l -> MonitoringLine.find(l).orElseThrow()).toList();
    assertThat(lines)
        .extracting(l -> l.name() + "=" + l.value() + " " + l.tags())
        .containsExactly("rows=7.0 {table=orders}", "step=12.5 {}", "step=12.5 {}");
    assertThat(lines)
        .extracting(MonitoringLine::unit)
        .containsExactly("Count", "Milliseconds", "Milliseconds");
  }

  @Test
  void direct_mode_writes_lines_when_cloudwatch_keeps_throttling() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.error(400, "Throttling", "Rate exceeded"));
    DirectMetrics direct =
        new DirectMetrics(
            MetricsFromLogs.builder()
                .publisher(
                    CloudWatchPublisher.builder()
                        .client(client)
                        .maxAttempts(2)
                        .backoff(Duration.ZERO, Duration.ZERO)
                        .build())
                .build(),
            null,
            Duration.ofMillis(500),
            stream);
    direct.accept(new MonitoringLine(Instant.now(), 1, "count", "n", Map.of()));

    PublishResult result = direct.flushWithResult().result();

    assertThat(result.unsent()).hasSize(1);
    assertThat(writtenLines()).singleElement().asString().contains("|1|count|n");
  }

  @Test
  void direct_mode_never_throws_even_when_the_publisher_does() {
    DirectMetrics direct =
        new DirectMetrics(
            MetricsFromLogs.builder()
                .publisher(
                    (batches, deadline) -> {
                      throw new IllegalStateException("boom");
                    })
                .build(),
            "f",
            Duration.ofMillis(50),
            stream);
    Monitoring.sendTo(direct);
    Monitoring.histogram("h", 2);
    Monitoring.histogram("h", 2);

    PublishResult result = direct.flushWithResult().result();

    assertThat(result.unsent()).hasSize(1);
    assertThat(writtenLines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("|2|distribution|h"));
  }
}
