package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.GROUP;
import static dev.noops.logs.CloudWatchData.STREAM;
import static dev.noops.logs.CloudWatchData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * error.type / error.message / error.stack_trace, log.logger and faas.coldstart, as they reach the
 * document.
 */
class ErrorFieldsTest {
  private static final LogContext CONTEXT =
      new LogContext("123456789012", "eu-west-1", GROUP, STREAM);
  private final ObjectMapper mapper = new ObjectMapper(Shipper.jsonFactory());
  private final EventParser parser = new EventParser(mapper, MetricLineListener.NONE);
  private final DocumentWriter writer = new DocumentWriter(new JsonFields(JsonMapping.FLAT_OBJECT));
  private StreamState stream = new StreamState();

  private JsonNode doc(String message) {
    try {
      return mapper.readTree(
          writer.write(parser.parse(CONTEXT, new LogEvent("e", T0, message), stream)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void a_java_exception_logged_by_log4j2_gives_type_message_stack_and_logger() {
    JsonNode doc =
        doc(
            "2024-05-01 10:00:00 6f9d8ae1-1b3c-4b5e-9b1a-2b3c4d5e6f70 ERROR Handler - order"
                + " failed\n"
                + "java.lang.IllegalStateException: no stock for sku-7\n"
                + "\tat com.example.Handler.handleRequest(Handler.java:42)\n"
                + "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke("
                + "DirectMethodHandleAccessor.java:103)\n");
    assertThat(doc.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(doc.get("error.message").asText()).isEqualTo("no stock for sku-7");
    assertThat(doc.get("error.stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: no stock")
        .contains("\tat com.example.Handler.handleRequest(Handler.java:42)");
    assertThat(doc.get("log.logger").asText()).isEqualTo("Handler");
  }

  @Test
  void a_java_uncaught_exception_json_record_of_the_runtime_is_read() {
    JsonNode doc =
        doc(
            "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.RuntimeException\","
                + "\"stackTrace\":[\"com.example.Handler.handleRequest(Handler.java:10)\","
                + "\"java.base/java.lang.Thread.run(Thread.java:1583)\"]}");
    assertThat(doc.get("error.type").asText()).isEqualTo("java.lang.RuntimeException");
    assertThat(doc.get("error.message").asText()).isEqualTo("boom");
    assertThat(doc.get("error.stack_trace").asText())
        .isEqualTo(
            "com.example.Handler.handleRequest(Handler.java:10)\n"
                + "java.base/java.lang.Thread.run(Thread.java:1583)");
  }

  @Test
  void a_nodejs_invoke_error_gives_its_json_fields() {
    JsonNode doc =
        doc(
            "2024-05-01T10:00:00.000Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tERROR\tInvoke Error "
                + "\t{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of"
                + " undefined (reading 'id')\",\"stack\":[\"TypeError: Cannot read properties of"
                + " undefined (reading 'id')\",\"    at Runtime.handler"
                + " (/var/task/index.js:3:24)\"]}\n");
    assertThat(doc.get("log.level").asText()).isEqualTo("ERROR");
    assertThat(doc.get("error.type").asText()).isEqualTo("TypeError");
    assertThat(doc.get("error.message").asText())
        .isEqualTo("Cannot read properties of undefined (reading 'id')");
    assertThat(doc.get("error.stack_trace").asText())
        .endsWith("    at Runtime.handler (/var/task/index.js:3:24)");
    assertThat(
            doc("2024-05-01T10:00:00.000Z\tr\tERROR\tInvoke Error \t{not json").has("error.type"))
        .isFalse();
  }

  @Test
  void python_tracebacks_give_the_last_exception_line_or_the_runtime_first_line() {
    JsonNode logged =
        doc(
            "[ERROR]\t2024-05-01T10:00:00.000Z\t1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b\tpayment"
                + " failed\n"
                + "Traceback (most recent call last):\n"
                + "  File \"/var/task/app.py\", line 8, in handler\n"
                + "    charge(order)\n"
                + "  File \"/var/task/app.py\", line 3, in charge\n"
                + "    raise ValueError(\"card declined\")\n"
                + "ValueError: card declined\n");
    assertThat(logged.get("error.type").asText()).isEqualTo("ValueError");
    assertThat(logged.get("error.message").asText()).isEqualTo("card declined");
    assertThat(logged.get("error.stack_trace").asText())
        .startsWith("Traceback (most recent call last):")
        .endsWith("ValueError: card declined");

    JsonNode unhandled =
        doc(
            """
            [ERROR] KeyError: 'order_id'
            Traceback (most recent call last):
              File "/var/task/lambda_function.py", line 4, in lambda_handler
                return event['order_id']
            """);
    assertThat(unhandled.get("error.type").asText()).isEqualTo("KeyError");
    assertThat(unhandled.get("error.message").asText()).isEqualTo("'order_id'");
  }

  @Test
  void ordinary_lines_and_hostile_text_get_no_error_fields() {
    assertThat(
            doc("2024-05-01T10:00:00.000Z\tr\tINFO\tat the shop: java.lang.Exception is a class"
                    + " name")
                .has("error.type"))
        .isFalse();
    String hostile = "a.b.CError\n" + "\tat x\n".repeat(20_000);
    JsonNode doc = doc(hostile);
    assertThat(doc.get("error.stack_trace").asText()).hasSize(ErrorFields.MAX_STACK);
    assertThat(
            doc("{\"logger\":\"com.example.Orders\",\"message\":\"ok\"}")
                .get("log.logger")
                .asText())
        .isEqualTo("com.example.Orders");
  }

  @Test
  void every_line_of_a_cold_invocation_is_marked_and_a_warm_one_is_not() {
    List<String> lines =
        List.of(
            "INIT_START Runtime Version: java:21.v17\tRuntime Version ARN:"
                + " arn:aws:lambda:eu-west-1::runtime:abc\n",
            "static init done\n",
            "START RequestId: r-1 Version: $LATEST\n",
            "2024-05-01T10:00:00.000Z\tr-1\tINFO\tfirst\n",
            "END RequestId: r-1\n",
            "REPORT RequestId: r-1\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 70 MB\tInit Duration: 300.00 ms\t\n",
            "START RequestId: r-2 Version: $LATEST\n",
            "2024-05-01T10:00:01.000Z\tr-2\tINFO\tsecond\n",
            "REPORT RequestId: r-2\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 70 MB\t\n");
    String marks =
        lines.stream()
            .map(this::doc)
            .map(d -> d.path("faas.coldstart").asText("-"))
            .collect(Collectors.joining(","));
    assertThat(marks).isEqualTo("true,true,true,true,true,true,-,-,false");
  }
}
