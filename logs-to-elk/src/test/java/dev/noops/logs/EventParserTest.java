package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.GROUP;
import static dev.noops.logs.CloudWatchData.STREAM;
import static dev.noops.logs.CloudWatchData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MonitoringLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
  private static final LogContext CONTEXT =
      new LogContext("123456789012", "eu-west-1", GROUP, STREAM);
  private final ObjectMapper mapper = new ObjectMapper(Shipper.jsonFactory());
  private final List<MonitoringLine> metricLines = new ArrayList<>();
  private final List<String> malformed = new ArrayList<>();
  private final EventParser parser =
      new EventParser(
          mapper,
          new MetricLineListener() {
            @Override
            public void onMetricLine(String logGroup, MonitoringLine line) {
              metricLines.add(line);
            }

            @Override
            public void onMalformedLine(String logGroup, MalformedMonitoringLineException error) {
              malformed.add(error.getMessage());
            }
          });
  private final DocumentWriter writer = new DocumentWriter(new JsonFields(JsonMapping.FLAT_OBJECT));
  private StreamState stream = new StreamState();

  private JsonNode doc(String message) {
    LogDocument doc = parser.parse(CONTEXT, new LogEvent("event-1", T0, message), stream);
    try {
      return mapper.readTree(writer.write(doc));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void every_document_carries_the_event_and_function_fields() {
    JsonNode doc = doc("hello\n");
    assertThat(doc.get("@timestamp").asText()).isEqualTo("2020-03-27T03:40:05.000Z");
    assertThat(doc.get("message").asText()).isEqualTo("hello");
    assertThat(doc.get("event.id").asText()).isEqualTo("event-1");
    assertThat(doc.get("cloud.provider").asText()).isEqualTo("aws");
    assertThat(doc.get("cloud.account.id").asText()).isEqualTo("123456789012");
    assertThat(doc.get("cloud.region").asText()).isEqualTo("eu-west-1");
    assertThat(doc.get("aws.cloudwatch.log_group").asText()).isEqualTo(GROUP);
    assertThat(doc.get("aws.cloudwatch.log_stream").asText()).isEqualTo(STREAM);
    assertThat(doc.get("faas.name").asText()).isEqualTo("my-function");
    assertThat(doc.get("faas.version").asText()).isEqualTo("$LATEST");
    assertThat(doc.has("event.action")).as("ordinary lines have no action").isFalse();
    assertThat(doc.has("log.level")).isFalse();
  }

  @Test
  void a_published_version_is_read_from_the_stream_name_and_non_lambda_groups_have_no_function() {
    LogContext versioned =
        new LogContext("1", "eu-west-1", "/aws/lambda/orders", "2024/01/02/[17]abcdef");
    assertThat(versioned.functionName()).isEqualTo("orders");
    assertThat(versioned.functionVersion()).isEqualTo("17");
    LogContext other =
        new LogContext("1", "eu-west-1", "CloudTrail", "123456789012_CloudTrail_us-east-1");
    assertThat(other.functionName()).isNull();
    assertThat(other.functionVersion()).isNull();
  }

  @Test
  void start_end_and_report_lines_become_actions_with_numbers() {
    assertThat(
            doc("START RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0 Version: $LATEST\n")
                .get("event.action")
                .asText())
        .isEqualTo("start");
    JsonNode end = doc("END RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0\n");
    assertThat(end.get("event.action").asText()).isEqualTo("end");
    assertThat(end.get("faas.execution").asText())
        .isEqualTo("6bc28136-xmpl-4365-b021-0ce6b2e64ab0");

    JsonNode report =
        doc(
            "REPORT RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tDuration: 198.50 ms\tBilled"
                + " Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration:"
                + " 524.75 ms\t\n");
    assertThat(report.get("event.action").asText()).isEqualTo("report");
    assertThat(report.get("faas.execution").asText())
        .isEqualTo("6bc28136-xmpl-4365-b021-0ce6b2e64ab0");
    assertThat(report.get("aws.lambda.duration_ms").isNumber()).isTrue();
    assertThat(report.get("aws.lambda.duration_ms").asDouble()).isEqualTo(198.50);
    assertThat(report.get("aws.lambda.billed_duration_ms").asInt()).isEqualTo(200);
    assertThat(report.get("aws.lambda.memory_size_mb").asInt()).isEqualTo(512);
    assertThat(report.get("aws.lambda.max_memory_used_mb").asInt()).isEqualTo(90);
    assertThat(report.get("aws.lambda.init_duration_ms").asDouble()).isEqualTo(524.75);
    assertThat(report.get("faas.coldstart").asBoolean()).isTrue();
  }

  @Test
  void a_warm_report_is_not_a_cold_start() {
    JsonNode report =
        doc(
            "REPORT RequestId: r1\tDuration: 2.75 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 56 MB\t\n");
    assertThat(report.get("faas.coldstart").asBoolean()).isFalse();
    assertThat(report.has("aws.lambda.init_duration_ms")).isFalse();
  }

  @Test
  void a_report_with_single_spaces_between_fields_is_read_field_by_field() {
    JsonNode report =
        doc(
            "REPORT RequestId: 1c8df7d3-xmpl-46da-9778-518e6eca8125  Duration: 2.75 ms   Billed"
                + " Duration: 3 ms Memory Size: 128 MB Max Memory Used: 56 MB  Init Duration:"
                + " 113.51 ms\n"
                + "XRAY TraceId: 1-5e34a66a-474xmpl7c2534a87870b4370   SegmentId: 073cxmpl3e442861"
                + " Sampled: true\n");
    assertThat(report.get("aws.lambda.duration_ms").asDouble()).isEqualTo(2.75);
    assertThat(report.get("aws.lambda.billed_duration_ms").asInt()).isEqualTo(3);
    assertThat(report.get("aws.lambda.memory_size_mb").asInt()).isEqualTo(128);
    assertThat(report.get("aws.lambda.init_duration_ms").asDouble()).isEqualTo(113.51);
    assertThat(report.get("trace.id").asText())
        .as("XRAY on the next line")
        .isEqualTo("1-5e34a66a-474xmpl7c2534a87870b4370");
  }

  @Test
  void xray_on_the_same_line_gives_the_trace_id() {
    JsonNode report =
        doc(
            "REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled"
                + " Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration:"
                + " 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId:"
                + " 3d752xmpl1bbe37e\tSampled: true\n");
    assertThat(report.get("trace.id").asText()).isEqualTo("1-5d9d007f-0a8c7fd02xmpl480aed55ef0");
  }

  @Test
  void an_xray_line_in_its_own_event_belongs_to_the_request_just_reported() {
    doc(
        "REPORT RequestId: r-42\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax"
            + " Memory Used: 50 MB\t\n");
    JsonNode xray =
        doc(
            "XRAY TraceId: 1-5e7e8131-7ff0xmpl32bfb31045d0a3bb\tSegmentId: 0152xmpl6016310f"
                + "\tSampled: true\n");
    assertThat(xray.get("trace.id").asText()).isEqualTo("1-5e7e8131-7ff0xmpl32bfb31045d0a3bb");
    assertThat(xray.get("faas.execution").asText()).isEqualTo("r-42");
  }

  @Test
  void timeouts_errors_and_snapstart_restores_are_read_from_the_report() {
    JsonNode timeout =
        doc(
            "REPORT RequestId: r2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128"
                + " MB\tMax Memory Used: 60 MB\tStatus: timeout\n");
    assertThat(timeout.get("aws.lambda.status").asText()).isEqualTo("timeout");

    JsonNode error =
        doc(
            "REPORT RequestId: r3\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 60 MB\tStatus: error\tError Type: Runtime.ExitError\n");
    assertThat(error.get("aws.lambda.status").asText()).isEqualTo("error");
    assertThat(error.get("aws.lambda.error_type").asText()).isEqualTo("Runtime.ExitError");

    JsonNode restore =
        doc(
            "REPORT RequestId: r4\tDuration: 5.00 ms\tBilled Duration: 6 ms\tMemory Size: 512 MB"
                + "\tMax Memory Used: 90 MB\tRestore Duration: 571.67 ms\tBilled Restore Duration:"
                + " 196 ms\n");
    assertThat(restore.get("aws.lambda.restore_duration_ms").asDouble()).isEqualTo(571.67);
    assertThat(restore.get("aws.lambda.billed_duration_ms").asInt())
        .as("not the billed restore")
        .isEqualTo(6);
    assertThat(restore.get("faas.coldstart").asBoolean()).isFalse();
  }

  @Test
  void task_timed_out_is_a_timeout_action() {
    JsonNode doc =
        doc(
            "2024-05-01T10:00:03.001Z 0b5a3c3e-1a8e-4c0c-9f8e-3e3e3e3e3e3e Task timed out after"
                + " 3.00 seconds\n\n");
    assertThat(doc.get("event.action").asText()).isEqualTo("timeout");
    assertThat(doc.get("faas.execution").asText())
        .isEqualTo("0b5a3c3e-1a8e-4c0c-9f8e-3e3e3e3e3e3e");
    assertThat(doc.get("log.level").asText()).isEqualTo("ERROR");
  }

  @Test
  void a_timeout_is_found_after_one_or_two_tokens_as_the_regex_finds_it() {
    java.util.regex.Pattern oracle =
        java.util.regex.Pattern.compile(
            "^(?:(\\S+)\\s+)?(\\S+)\\s+Task timed out after ([0-9.]+) seconds");
    String[] parts = {
      "Task timed out after 3.00 seconds",
      "req-1",
      "2024-05-01T10:00:03.001Z",
      " ",
      "\t",
      "\n",
      "x",
      "Task",
      "timed out after",
      "3.00 seconds",
      ""
    };
    java.util.Random random = new java.util.Random(20261203);
    int timeouts = 0;
    for (int i = 0; i < 10_000; i++) {
      StringBuilder line = new StringBuilder();
      for (int n = random.nextInt(6); n >= 0; n--) {
        line.append(parts[random.nextInt(parts.length)]);
      }
      String message = line + (random.nextBoolean() ? "\n" : "");
      stream = new StreamState();
      boolean timeout = "timeout".equals(doc(message).path("event.action").asText(null));
      String text = message.substring(0, EventParser.lineEnd(message));
      assertThat(timeout).as(message).isEqualTo(oracle.matcher(text).find());
      timeouts += timeout ? 1 : 0;
    }
    assertThat(timeouts).isBetween(100, 9_900); // both answers are exercised
  }

  @Test
  void init_start_and_init_report_are_actions() {
    assertThat(
            doc("INIT_START Runtime Version: java:21.v17\tRuntime Version ARN:"
                    + " arn:aws:lambda:eu-west-1::runtime:abc\n")
                .get("event.action")
                .asText())
        .isEqualTo("init_start");
    JsonNode report = doc("INIT_REPORT Init Duration: 10006.41 ms\tPhase: init\tStatus: timeout\n");
    assertThat(report.get("event.action").asText()).isEqualTo("init_report");
    assertThat(report.get("aws.lambda.init_duration_ms").asDouble()).isEqualTo(10006.41);
    assertThat(report.get("aws.lambda.status").asText()).isEqualTo("timeout");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "\r\n", "\n\n"})
  void the_trailing_newline_is_left_out_whatever_it_is(String newline) {
    JsonNode node = doc("2019-06-07T19:11:20.564Z\tr1\tINFO\tbody" + newline);
    assertThat(node.get("message").asText()).isEqualTo("body");
    assertThat(node.get("log.level").asText()).isEqualTo("INFO");
    JsonNode empty = doc("2019-06-07T19:11:20.564Z\tr1\tINFO\t" + newline);
    assertThat(empty.get("message").asText()).isEmpty();
    JsonNode start = doc("START RequestId: r2 Version: $LATEST" + newline);
    assertThat(start.get("message").asText()).isEqualTo("START RequestId: r2 Version: $LATEST");
    assertThat(start.get("faas.execution").asText()).isEqualTo("r2");
    JsonNode cut = doc("2019-06-07T19:11:20.564Z\tr1\tINFO" + newline);
    assertThat(cut.get("message").asText()).isEqualTo("2019-06-07T19:11:20.564Z\tr1\tINFO");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2019-06-07T19:11:20.564Z\tr1\tNOTICE\tunknown level",
        "2019-06-07T19:11:20.Z\tr1\tINFO\tno fraction digits",
        "2019-06-07T19:11:20.564\tr1\tINFO\tno zone",
        "2019-06-07 19:11:20.564Z\tr1\tINFO\ta space for the T",
        "2019-6-07T19:11:20.564Z\tr1\tINFO\tone-digit month"
      })
  void lines_that_only_look_like_the_node_prefix_stay_whole(String line) {
    String text = line.replace("\\t", "\t");
    JsonNode doc = doc(text + "\n");
    assertThat(doc.get("message").asText()).isEqualTo(text);
    assertThat(doc.has("faas.execution") && doc.get("faas.execution").asText().equals("r1"))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2019-06-07T19:11:20.564Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tWARN\tEvent not"
            + " processed.|WARN|c793869b-ee49-115b-a5b6-4fd21e8dedac|Event not processed.",
        "[INFO]\t2020-01-31T22:12:58.534Z\t1c8df7d3-xmpl-46da-9778-518e6eca8125\t##"
            + " EVENT|INFO|1c8df7d3-xmpl-46da-9778-518e6eca8125|## EVENT",
        "[ERROR]  2020-01-31T22:12:58.534Z    1c8df7d3-xmpl-46da-9778-518e6eca8125   "
            + " boom|ERROR|1c8df7d3-xmpl-46da-9778-518e6eca8125|boom",
        "[warning]\t2020-01-31T22:12:58.534Z\tabc\tlow disk|WARNING|abc|low disk",
        "2019-06-07T19:11:20Z\tr1\twarning\tlower case|WARNING|r1|lower case",
        "2019-06-07t19:11:20.5z\tr2\tCritical\tmixed case|CRITICAL|r2|mixed case",
        "2019-06-07T19:11:20.123456Z\tr3\tfatal\tmicroseconds|FATAL|r3|microseconds",
        "2020-03-18 08:52:43 6bc28136-xmpl-4365-b021-0ce6b2e64ab0 INFO  Handler -"
            + " CONTEXT:|INFO|6bc28136-xmpl-4365-b021-0ce6b2e64ab0|Handler - CONTEXT:",
      })
  void runtime_prefixes_give_level_request_and_message(
      String line, String level, String requestId, String message) {
    JsonNode doc = doc(line.replace("\\t", "\t") + "\n");
    assertThat(doc.get("log.level").asText()).isEqualTo(level);
    assertThat(doc.get("faas.execution").asText()).isEqualTo(requestId);
    assertThat(doc.get("message").asText()).isEqualTo(message);
  }

  @Test
  void a_stack_trace_stays_one_document() {
    String trace =
        """
        2024-05-01T10:00:00.000Z\tr9\tERROR\tInvoke Error \t{"errorType":"TypeError"}
        TypeError: Cannot read properties of undefined
            at Runtime.handler (/var/task/index.js:3:20)
            at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
        """;
    JsonNode doc = doc(trace);
    assertThat(doc.get("log.level").asText()).isEqualTo("ERROR");
    assertThat(doc.get("message").asText())
        .startsWith("Invoke Error")
        .contains("at Runtime.handler")
        .contains("task_queues:95:5");
  }

  @Test
  void lines_without_a_request_id_belong_to_the_running_invocation() {
    doc("START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST\n");
    assertThat(doc("## EVENT\n").get("faas.execution").asText())
        .isEqualTo("8f507cfc-xmpl-4697-b07a-ac58fc914c95");
    doc(
        "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95  Duration: 15.74 ms  Billed"
            + " Duration: 16 ms\n");
    assertThat(doc("between invocations\n").has("faas.execution")).isFalse();
  }

  @Test
  void lambda_json_format_application_lines_give_level_request_and_message() {
    JsonNode doc =
        doc(
            "{\"timestamp\":\"2023-11-01T10:00:00.123Z\",\"level\":\"info\","
                + "\"requestId\":\"79b4f56e-95b1-4643-9700-2807f4e68189\",\"message\":\"Order"
                + " placed\",\"orderId\":42}\n");
    assertThat(doc.get("log.level").asText()).isEqualTo("INFO");
    assertThat(doc.get("faas.execution").asText())
        .isEqualTo("79b4f56e-95b1-4643-9700-2807f4e68189");
    assertThat(doc.get("message").asText()).isEqualTo("Order placed");
    assertThat(doc.path("json").get("orderId").isNumber()).isTrue();
    assertThat(doc.path("json").has("message")).as("the message is not stored twice").isFalse();
  }

  @Test
  void lambda_json_format_platform_records_are_actions() {
    JsonNode start =
        doc(
            "{\"time\":\"2023-11-01T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-7\","
                + "\"version\":\"$LATEST\"}}");
    assertThat(start.get("event.action").asText()).isEqualTo("start");
    assertThat(start.get("faas.execution").asText()).isEqualTo("r-7");

    JsonNode report =
        doc(
            "{\"time\":\"2023-11-01T10:00:01.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r-7\","
                + "\"metrics\":{\"durationMs\":1.23,\"billedDurationMs\":2,\"memorySizeMB\":128,"
                + "\"maxMemoryUsedMB\":70,\"initDurationMs\":150.5},"
                + "\"tracing\":{\"spanId\":\"54565fb41ac79632\",\"type\":\"X-Amzn-Trace-Id\","
                + "\"value\":\"Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1\"},"
                + "\"status\":\"success\"}}");
    assertThat(report.get("event.action").asText()).isEqualTo("report");
    assertThat(report.get("aws.lambda.duration_ms").asDouble()).isEqualTo(1.23);
    assertThat(report.get("aws.lambda.billed_duration_ms").asInt()).isEqualTo(2);
    assertThat(report.get("aws.lambda.memory_size_mb").asInt()).isEqualTo(128);
    assertThat(report.get("aws.lambda.max_memory_used_mb").asInt()).isEqualTo(70);
    assertThat(report.get("aws.lambda.init_duration_ms").asDouble()).isEqualTo(150.5);
    assertThat(report.get("aws.lambda.status").asText()).isEqualTo("success");
    assertThat(report.get("faas.coldstart").asBoolean()).isTrue();
    assertThat(report.get("trace.id").asText()).isEqualTo("1-62e900b2-710d76f009d6e7785905449a");

    assertThat(
            doc("{\"time\":\"2023-11-01T10:00:00.000Z\",\"type\":\"platform.initStart\","
                    + "\"record\":{\"initializationType\":\"on-demand\","
                    + "\"phase\":\"init\",\"runtimeVersion\":\"java:21.v17\"}}")
                .get("event.action")
                .asText())
        .isEqualTo("init_start");
    JsonNode initReport =
        doc(
            "{\"time\":\"2023-11-01T10:00:00.000Z\",\"type\":\"platform.initReport\","
                + "\"record\":{\"initializationType\":\"on-demand\","
                + "\"phase\":\"init\",\"status\":\"error\",\"errorType\":\"Runtime.ExitError\","
                + "\"metrics\":{\"durationMs\":812.3}}}");
    assertThat(initReport.get("event.action").asText()).isEqualTo("init_report");
    assertThat(initReport.get("aws.lambda.init_duration_ms").asDouble()).isEqualTo(812.3);
    assertThat(initReport.get("aws.lambda.error_type").asText()).isEqualTo("Runtime.ExitError");
  }

  @Test
  void powertools_json_keeps_its_fields_and_correlation_ids_become_labels() {
    JsonNode doc =
        doc(
            "{\"level\":\"INFO\",\"location\":\"handler:12\",\"message\":\"Collecting"
                + " payment\",\"timestamp\":\"2021-05-03 11:47:12,494+0200\","
                + "\"service\":\"payment\",\"cold_start\":true,"
                + "\"function_request_id\":\"52fdfc07-2182-154f-163f-5f0f9a621d72\","
                + "\"xray_trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\",\"x-correlation-id\":\"c-123\","
                + "\"X-Correlation-User-Id\":\"u-9\","
                + "\"payment\":{\"amount\":12.5,\"card\":{\"type\":\"visa\"},\"tags\":[\"a\",\"b\"]},\"a.b\":1}");
    assertThat(doc.get("faas.execution").asText())
        .isEqualTo("52fdfc07-2182-154f-163f-5f0f9a621d72");
    assertThat(doc.get("trace.id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(doc.get("labels.x-correlation-id").asText()).isEqualTo("c-123");
    assertThat(doc.get("labels.x-correlation-user-id").asText()).isEqualTo("u-9");
    assertThat(doc.path("json").get("service").asText()).isEqualTo("payment");
    assertThat(doc.path("json").get("cold_start").asBoolean()).isTrue();
    assertThat(doc.path("json").get("payment_amount").asDouble()).isEqualTo(12.5);
    assertThat(doc.path("json").get("payment_card_type").asText()).isEqualTo("visa");
    assertThat(doc.path("json").get("payment_tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(doc.path("json").get("a_b").asInt()).as("dots in keys are replaced").isEqualTo(1);
  }

  @Test
  void hostile_json_is_bounded_and_never_breaks_the_document() {
    StringBuilder wide = new StringBuilder("{\"message\":\"wide\"");
    for (int i = 0; i < 5000; i++) {
      wide.append(",\"k").append(i).append("\":").append(i);
    }
    JsonNode doc = doc(wide.append("}").toString());
    assertThat(doc.path("json").size()).isEqualTo(JsonFlattener.MAX_LEAVES);
    assertThat(doc.path("json_num").size())
        .as("numbers are bounded too")
        .isEqualTo(JsonFields.MAX_NUMBERS);

    String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    JsonNode deepDoc = doc(deep);
    assertThat(deepDoc.get("message").asText())
        .as("too deep to read as JSON: kept as text")
        .isEqualTo(deep);

    JsonNode arrays = doc("{\"items\":[{\"id\":1},{\"id\":2}],\"\":\"empty key\",\"n\":null}");
    assertThat(arrays.path("json").get("items").asText()).isEqualTo("[{\"id\":1},{\"id\":2}]");
    assertThat(arrays.path("json").get("_").asText()).isEqualTo("empty key");
    assertThat(arrays.path("json").has("n")).isFalse();
  }

  @Test
  void text_that_only_looks_like_json_is_kept_as_text() {
    JsonNode doc = doc("{not json}\n");
    assertThat(doc.get("message").asText()).isEqualTo("{not json}");
    assertThat(doc.has("json")).isFalse();
    assertThat(doc.has("json_num")).isFalse();
  }

  @Test
  void monitoring_lines_become_metric_documents_and_reach_the_listener() {
    JsonNode doc =
        doc(
            "2024-05-01T10:00:00.000Z\tr1\tINFO"
                + "\tMONITORING|1489795335|27.4|latency|user-api-latency|#region:eu,tier:gold\n");
    assertThat(doc.get("event.action").asText()).isEqualTo("metric");
    assertThat(doc.get("metric.name").asText()).isEqualTo("user-api-latency");
    assertThat(doc.get("metric.value").isNumber()).isTrue();
    assertThat(doc.get("metric.value").asDouble()).isEqualTo(27.4);
    assertThat(doc.get("metric.type").asText()).isEqualTo("latency");
    assertThat(doc.get("metric.unit").asText()).isEqualTo("Milliseconds");
    assertThat(doc.get("metric.tags.region").asText()).isEqualTo("eu");
    assertThat(doc.get("metric.tags.tier").asText()).isEqualTo("gold");
    assertThat(metricLines).extracting(MonitoringLine::name).containsExactly("user-api-latency");

    JsonNode json =
        doc("{\"level\":\"INFO\",\"message\":\"MONITORING|1489795335|8|count|yubls-served\"}");
    assertThat(json.get("event.action").asText()).isEqualTo("metric");
    assertThat(json.get("metric.value").asInt()).isEqualTo(8);
    assertThat(json.get("metric.unit").asText()).isEqualTo("Count");
    assertThat(metricLines).hasSize(2);
  }

  @Test
  void a_malformed_monitoring_line_is_indexed_as_text_with_the_error() {
    JsonNode doc = doc("MONITORING|1489795335|NaN|count|broken\n");
    assertThat(doc.has("event.action")).isFalse();
    assertThat(doc.get("message").asText()).isEqualTo("MONITORING|1489795335|NaN|count|broken");
    assertThat(doc.get("error.type").asText()).isEqualTo("malformed_monitoring_line");
    assertThat(malformed).hasSize(1);
    assertThat(metricLines).isEmpty();
  }

  @Test
  void every_documented_runtime_sample_parses_into_one_document_per_event() {
    for (String fixture :
        List.of(
            "aws-docs__nodejs-logging.log",
            "aws-docs__python-print-logging.log",
            "aws-docs__python-logging-module.log",
            "aws-docs__java-logging.log",
            "aws-docs__java-log4j2-appender.log",
            "aws-docs__dotnet-csharp-logging.log",
            "aws-docs__go-logging.log",
            "aws-docs__ruby-logging.log")) {
      stream = new StreamState();
      List<JsonNode> docs = CloudWatchData.messages(fixture).stream().map(this::doc).toList();
      assertThat(docs).as(fixture).isNotEmpty();
      assertThat(docs.get(0).get("event.action").asText()).as(fixture).isEqualTo("start");
      String requestId = docs.get(0).get("faas.execution").asText();
      if (!fixture.contains("ruby")) { // the AWS sample itself changes the id between START and END
        assertThat(docs)
            .as(fixture + ": every line belongs to the invocation")
            .allSatisfy(doc -> assertThat(doc.get("faas.execution").asText()).isEqualTo(requestId));
      }
    }
  }

  @Test
  void the_nodejs_sample_gives_levels_a_cold_start_and_the_trace() {
    List<JsonNode> docs =
        CloudWatchData.messages("aws-docs__nodejs-logging.log").stream().map(this::doc).toList();
    assertThat(docs)
        .extracting(d -> d.path("event.action").asText(null))
        .containsExactly("start", null, null, null, "end", "report");
    assertThat(docs)
        .extracting(d -> d.path("log.level").asText(null))
        .containsExactly(null, "INFO", "INFO", "WARN", null, null);
    assertThat(docs.get(1).get("message").asText())
        .startsWith("ENVIRONMENT VARIABLES\n{")
        .endsWith("}");
    JsonNode report = docs.get(5);
    assertThat(report.get("faas.coldstart").asBoolean()).isTrue();
    assertThat(report.get("trace.id").asText()).isEqualTo("1-5d9d007f-0a8c7fd02xmpl480aed55ef0");
  }
}
