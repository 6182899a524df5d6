package dev.noops.cli;

import static dev.noops.testsupport.AwsWireMock.CLOUDWATCH;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.testsupport.AwsSystemProperties;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@SuppressWarnings(
    "try") // some resources are held only for their scope (a server that must stay up)
class MetricsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final long now = Instant.now().getEpochSecond();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  private List<JsonNode> printedRequests() throws IOException {
    List<JsonNode> requests = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      if (!line.isBlank()) {
        requests.add(JSON.readTree(line));
      }
    }
    return requests;
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private String payload(String logGroup, String... messages) throws IOException {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      events.add(Map.of("id", "e" + i, "timestamp", now * 1000, "message", messages[i]));
    }
    return JSON.writeValueAsString(
        Map.of(
            "messageType",
            "DATA_MESSAGE",
            "owner",
            "123456789012",
            "logGroup",
            logGroup,
            "logStream",
            "2026/11/25/[$LATEST]abc",
            "subscriptionFilters",
            List.of("noops"),
            "logEvents",
            events));
  }

  private static String envelope(String payload) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gz)) {
      gzip.write(payload.getBytes(StandardCharsets.UTF_8));
    }
    return "{\"awslogs\":{\"data\":\""
        + Base64.getEncoder().encodeToString(gz.toByteArray())
        + "\"}}";
  }

  @Test
  void dry_run_prints_one_put_metric_data_request_per_batch_for_a_plain_log_file()
      throws IOException {
    Path log =
        file(
            "app.log",
            "START RequestId: 1 Version: $LATEST\n"
                + "2026-11-25T10:00:00.000Z\t1\tINFO\tMONITORING|"
                + now
                + "|8|count|yubls-served|#country:uk\n"
                + "MONITORING|"
                + now
                + "|27.4|latency|user-api-latency\n"
                + "MONITORING|"
                + now
                + "|2|count|yubls-served|#country:uk\n");

    assertThat(run("metrics", "--dry-run", "--log-group", "/aws/lambda/orders", log.toString()))
        .isZero();

    List<JsonNode> requests = printedRequests();
    assertThat(requests).hasSize(1);
    JsonNode request = requests.get(0);
    assertThat(request.get("Namespace").asText()).isEqualTo("noops");
    JsonNode served = request.get("MetricData").get(0);
    assertThat(served.get("MetricName").asText()).isEqualTo("yubls-served");
    assertThat(served.get("Value").asDouble()).isEqualTo(10);
    assertThat(served.get("Unit").asText()).isEqualTo("Count");
    assertThat(served.get("StorageResolution").asInt()).isEqualTo(60);
    assertThat(Instant.parse(served.get("Timestamp").asText()).getEpochSecond())
        .isEqualTo(now - now % 60);
    assertThat(served.get("Dimensions").toString())
        .isEqualTo(
            "[{\"Name\":\"FunctionName\",\"Value\":\"orders\"},{\"Name\":\"country\",\"Value\":\"uk\"}]");
    JsonNode latency = request.get("MetricData").get(1);
    assertThat(latency.get("Values").toString()).isEqualTo("[27.4]");
    assertThat(latency.get("Counts").toString()).isEqualTo("[1]");
    assertThat(latency.get("Unit").asText()).isEqualTo("Milliseconds");
    assertThat(stderr()).contains("3 line(s), 0 malformed");
  }

  @Test
  void dry_run_reads_an_awslogs_envelope_and_a_decoded_payload() throws IOException {
    Path envelope =
        file(
            "envelope.json",
            envelope(
                payload("/aws/lambda/orders", "MONITORING|" + now + "|1|count|from-envelope")));
    Path decoded =
        file(
            "decoded.json",
            payload(
                "/aws/lambda/billing",
                "{\"level\":\"INFO\",\"message\":\"MONITORING|"
                    + now
                    + "|2|count|from-json-log\"}"));

    assertThat(run("metrics", "--dry-run", envelope.toString(), decoded.toString())).isZero();

    JsonNode data = printedRequests().get(0).get("MetricData");
    assertThat(data).hasSize(2);
    assertThat(data.get(0).get("MetricName").asText()).isEqualTo("from-envelope");
    assertThat(data.get(0).at("/Dimensions/0/Value").asText()).isEqualTo("orders");
    assertThat(data.get(1).get("MetricName").asText()).isEqualTo("from-json-log");
    assertThat(data.get(1).at("/Dimensions/0/Value").asText()).isEqualTo("billing");
  }

  @Test
  void a_plain_file_of_json_log_lines_is_read_line_by_line() throws IOException {
    Path log =
        file(
            "json.log",
            "{\"level\":\"INFO\",\"message\":\"MONITORING|"
                + now
                + "|1|count|a\"}\n"
                + "{\"level\":\"INFO\",\"message\":\"MONITORING|"
                + now
                + "|2|count|a\"}\n");

    assertThat(run("metrics", "--dry-run", log.toString())).isZero();

    assertThat(printedRequests().get(0).at("/MetricData/0/Value").asDouble()).isEqualTo(3);
  }

  @Test
  void an_aws_fixture_without_monitoring_lines_prints_nothing_and_exits_0() throws IOException {
    Path fixture = dir.resolve("fixture.json");
    try (var in =
        getClass()
            .getResourceAsStream("/events/aws-lambda-go__cloudwatch-logs-event.envelope.json")) {
      Files.write(fixture, in.readAllBytes());
    }
    assertThat(run("metrics", "--dry-run", fixture.toString())).isZero();
    assertThat(out.size()).isZero();
    assertThat(stderr()).contains("0 line(s), 0 malformed");
  }

  @Test
  void report_metrics_come_from_the_report_lines_of_a_real_node_log() throws IOException {
    Path fixture = dir.resolve("node.log");
    try (var in = getClass().getResourceAsStream("/events/aws-docs__nodejs-logging.log")) {
      Files.write(fixture, in.readAllBytes());
    }
    assertThat(
            run(
                "metrics",
                "--dry-run",
                "--report-metrics",
                "--log-group",
                "/aws/lambda/my-function",
                fixture.toString()))
        .isZero();

    JsonNode request = printedRequests().get(0);
    assertThat(request.get("Namespace").asText()).isEqualTo("noops/lambda");
    assertThat(request.get("MetricData").findValuesAsText("MetricName"))
        .contains("ColdStarts", "Duration", "MaxMemoryUsedPercent");
  }

  @Test
  void the_dry_run_applies_cloudwatchs_rules_and_keeps_datadog_lines_with_empty_tag_values()
      throws IOException {
    Path log =
        file(
            "datadog.log",
            "MONITORING|"
                + now
                + "|1|count|orders.created|#env:prod,source:\n"
                + "MONITORING|"
                + now
                + "|1e200|gauge|huge\n"
                + "MONITORING|"
                + now
                + "|2|count|orders.created|#env:prod\n"
                + "MONITORING|"
                + now
                + "|1|count|commandes|#ville:東京\n"
                + "MONITORING|"
                + now
                + "000|3|count|millis|#\n");

    int exit =
        run(
            "metrics",
            "--dry-run",
            "--log-group",
            "/aws/lambda/orders",
            "--rollup",
            log.toString());

    assertThat(exit).isEqualTo(1);
    List<JsonNode> data = new ArrayList<>();
    printedRequests().stream()
        .filter(r -> r.get("Namespace").asText().equals("noops"))
        .forEach(r -> r.get("MetricData").forEach(data::add));
    assertThat(data)
        .extracting(
            d -> d.get("MetricName").asText() + " " + d.get("Dimensions") + " " + d.get("Value"))
        .contains(
            "orders.created"
                + " [{\"Name\":\"FunctionName\",\"Value\":\"orders\"},{\"Name\":\"env\",\"Value\":\"prod\"}]"
                + " 3",
            "orders.created [{\"Name\":\"env\",\"Value\":\"prod\"}] 3",
            "millis [{\"Name\":\"FunctionName\",\"Value\":\"orders\"}] 3")
        .noneMatch(d -> d.startsWith("huge") || d.startsWith("commandes"));
    assertThat(stderr())
        .contains("1 malformed")
        .contains("1 CloudWatch would reject")
        .contains("1 empty-valued tag(s)");
  }

  @Test
  void malformed_lines_are_counted_and_exit_1() throws IOException {
    Path log =
        file("bad.log", "MONITORING|" + now + "|NaN|count|n\nMONITORING|" + now + "|1|count|ok\n");

    assertThat(run("metrics", "--dry-run", log.toString())).isEqualTo(1);

    assertThat(stderr()).contains("1 line(s), 1 malformed");
    assertThat(printedRequests().get(0).get("MetricData").findValuesAsText("MetricName"))
        .containsExactly("ok", "MalformedMonitoringLines");
  }

  @Test
  void a_missing_file_exits_2_naming_it() {
    Path missing = dir.resolve("nope.log");
    assertThat(run("metrics", "--dry-run", missing.toString())).isEqualTo(2);
    assertThat(stderr()).contains(missing + ": no such file");
    assertThat(out.size()).isZero();
  }

  @Test
  void an_envelope_that_is_not_base64_or_not_gzip_or_not_json_exits_2_with_the_reason()
      throws IOException {
    Path notBase64 = file("a.json", "{\"awslogs\":{\"data\":\"%%%not base64%%%\"}}");
    Path notGzip =
        file(
            "b.json",
            "{\"awslogs\":{\"data\":\""
                + Base64.getEncoder().encodeToString("plain".getBytes(UTF_8))
                + "\"}}");
    Path notJson = file("c.json", envelope("this is not json"));
    Path wrongShape = file("d.json", "{\"logEvents\":\"nope\"}");

    assertThat(run("metrics", "--dry-run", notBase64.toString())).isEqualTo(2);
    assertThat(run("metrics", "--dry-run", notGzip.toString())).isEqualTo(2);
    assertThat(run("metrics", "--dry-run", notJson.toString())).isEqualTo(2);
    assertThat(run("metrics", "--dry-run", wrongShape.toString())).isEqualTo(2);

    // the shipper's words for the same faults (ShipCommandTest)
    assertThat(stderr())
        .contains(notBase64 + ": not CloudWatch Logs data: data is not base64")
        .contains(notGzip + ": not CloudWatch Logs data: data is not gzip")
        .contains(notJson + ": not CloudWatch Logs data: invalid JSON at line 1")
        .contains(wrongShape + ": not CloudWatch Logs data: logEvents is missing or not an array");
  }

  @Test
  void invalid_utf8_exits_2() throws IOException {
    Path binary = Files.write(dir.resolve("bin.log"), new byte[] {'M', (byte) 0xC3, (byte) 0x28});
    assertThat(run("metrics", "--dry-run", binary.toString())).isEqualTo(2);
    assertThat(stderr()).contains("not valid UTF-8");
  }

  @Test
  void bad_usage_exits_2() {
    assertThat(run("metrics", "--dry-run")).isEqualTo(2);
    assertThat(stderr()).contains("Missing required parameter");
    assertThat(run("metrics", "--dry-run", "--namespace", "AWS/Lambda", "x.log")).isEqualTo(2);
  }

  @Test
  void reserved_namespace_exits_2_naming_the_option() throws IOException {
    Path log = file("ok.log", "MONITORING|" + now + "|1|count|n\n");
    assertThat(run("metrics", "--dry-run", "--namespace", "AWS/Lambda", log.toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--namespace").contains("reserved");
  }

  @Test
  void without_dry_run_publishes_to_the_endpoint_in_the_environment() throws IOException {
    Path log = file("pub.log", "MONITORING|" + now + "|5|count|published\n");
    try (AwsWireMock aws = AwsWireMock.start();
        AwsSystemProperties ignored = AwsSystemProperties.pointingAt(aws)) {
      aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok());

      assertThat(run("metrics", "--namespace", "shop", log.toString())).isZero();

      List<JsonNode> sent = aws.cborRequests(CLOUDWATCH, "PutMetricData");
      assertThat(sent).hasSize(1);
      assertThat(sent.get(0).get("Namespace").asText()).isEqualTo("shop");
      assertThat(sent.get(0).at("/MetricData/0/Value").asDouble()).isEqualTo(5);
      assertThat(out.size()).isZero();
      assertThat(stderr()).contains("1 datum(s) published, 0 failed");
    }
  }

  @Test
  void a_rejected_request_exits_1() throws IOException {
    Path log = file("pub.log", "MONITORING|" + now + "|5|count|published\n");
    try (AwsWireMock aws = AwsWireMock.start();
        AwsSystemProperties ignored = AwsSystemProperties.pointingAt(aws)) {
      aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.error(400, "InvalidParameterValue", "no"));

      assertThat(run("metrics", log.toString())).isEqualTo(1);

      assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData")).hasSize(1);
      assertThat(stderr()).contains("0 datum(s) published, 1 failed");
    }
  }
}
