package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MonitoringLineTest {

  static Stream<Arguments> valid() {
    Instant t = Instant.ofEpochSecond(1489795335);
    return Stream.of(
        arguments(
            "the post's latency line",
            "MONITORING|1489795335|27.4|latency|user-api-latency",
            new MonitoringLine(t, 27.4, "latency", "user-api-latency", Map.of())),
        arguments(
            "a count with tags",
            "MONITORING|1489795335|8|count|yubls-served|#country:uk,platform:ios",
            new MonitoringLine(
                t, 8, "count", "yubls-served", Map.of("country", "uk", "platform", "ios"))),
        arguments(
            "Node's runtime prefix",
            "2026-11-25T10:00:00.000Z\t6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tINFO"
                + "\tMONITORING|1489795335|1|count|n\n",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        arguments(
            "Python's runtime prefix",
            "[INFO]\t2026-11-25T10:00:00.000Z\t6bc28136-xmpl\tMONITORING|1489795335|1|gauge|n\n",
            new MonitoringLine(t, 1, "gauge", "n", Map.of())),
        arguments(
            "log4j2 appender text before it",
            "2020-03-18 08:52:43 6bc28136 INFO  Handler - MONITORING|1489795335|3|histogram|h",
            new MonitoringLine(t, 3, "histogram", "h", Map.of())),
        arguments(
            "a JSON log line's message",
            "{\"timestamp\":\"2026-11-25T10:00:00Z\",\"level\":\"INFO\",\"requestId\":\"r\",\"message\":\"MONITORING|"
                + "1489795335|2|distribution|d|#a:b\",\"extra\":{\"n\":[1,2.5e3,true,null]}}",
            new MonitoringLine(t, 2, "distribution", "d", Map.of("a", "b"))),
        arguments(
            "a JSON message with escapes",
            "{\"message\":\"MONITORING|1489795335|2|count|caf\\u00e9\\/x\"}",
            new MonitoringLine(t, 2, "count", "café/x", Map.of())),
        arguments(
            "epoch in milliseconds",
            "MONITORING|1489795335123|1|count|n",
            new MonitoringLine(Instant.ofEpochMilli(1489795335123L), 1, "count", "n", Map.of())),
        arguments(
            "fractional seconds",
            "MONITORING|1489795335.25|1|count|n",
            new MonitoringLine(t.plusMillis(250), 1, "count", "n", Map.of())),
        arguments(
            "negative and exponent values",
            "MONITORING|1489795335|-1.5e2|gauge|n",
            new MonitoringLine(t, -150, "gauge", "n", Map.of())),
        arguments(
            "upper-case type",
            "MONITORING|1489795335|1|COUNT|n",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        arguments(
            "trailing CRLF and an empty tag list",
            "MONITORING|1489795335|1|count|n|#\r\n",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        arguments(
            "a tag value holding a colon",
            "MONITORING|1489795335|1|count|n|#url:http://x",
            new MonitoringLine(t, 1, "count", "n", Map.of("url", "http://x"))),
        arguments(
            "the second line of a multi-line event",
            "starting\nMONITORING|1489795335|1|count|n\nmore",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        arguments(
            "JSON that is not JSON falls back to text",
            "{not json\tMONITORING|1489795335|1|count|n",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        // Datadog's format as its documentation writes it, with what its users' libraries emit
        arguments(
            "Datadog: an empty tag value keeps the metric",
            "MONITORING|1489795335|1|count|orders.created|#env:prod,source:",
            new MonitoringLine(
                t, 1, "count", "orders.created", Map.of("env", "prod", "source", ""))),
        arguments(
            "Datadog: a tag without a value",
            "MONITORING|1489795335|1|gauge|websiteCheckMetric|#websiteCheck:1,websiteCheck2",
            new MonitoringLine(
                t,
                1,
                "gauge",
                "websiteCheckMetric",
                Map.of("websiteCheck", "1", "websiteCheck2", ""))),
        arguments(
            "Datadog: a stray ',' is skipped",
            "MONITORING|1489795335|1|count|n|#a:1,",
            new MonitoringLine(t, 1, "count", "n", Map.of("a", "1"))),
        arguments(
            "Datadog: a bare '#'",
            "MONITORING|1489795335|1|count|n|#",
            new MonitoringLine(t, 1, "count", "n", Map.of())),
        arguments(
            "Datadog: 13-digit millisecond epoch",
            "MONITORING|1764064800123|1|count|n",
            new MonitoringLine(Instant.ofEpochMilli(1764064800123L), 1, "count", "n", Map.of())),
        arguments(
            "Datadog: 13-digit millisecond epoch with a fraction",
            "MONITORING|1764064800123.5|1|count|n",
            new MonitoringLine(
                Instant.ofEpochSecond(1764064800, 123_500_000), 1, "count", "n", Map.of())),
        arguments(
            "Datadog: fractional seconds from time.time()",
            "MONITORING|1764064800.123456|2.5|histogram|h",
            new MonitoringLine(
                Instant.ofEpochSecond(1764064800, 123_456_000), 2.5, "histogram", "h", Map.of())),
        arguments(
            "Datadog: a 10-digit epoch is seconds",
            "MONITORING|1764064800|1|count|n",
            new MonitoringLine(Instant.ofEpochSecond(1764064800), 1, "count", "n", Map.of())),
        arguments(
            "the largest magnitude CloudWatch takes",
            "MONITORING|1489795335|-2.3e108|gauge|n",
            new MonitoringLine(t, -2.3e108, "gauge", "n", Map.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void finds_a_valid_line(String description, String message, MonitoringLine expected) {
    assertThat(MonitoringLine.find(message)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "hello world",
        "START RequestId: 1 Version: $LATEST",
        "NOTMONITORING|1489795335|1|count|n",
        "{\"message\":\"no metric here\",\"note\":\"MONITORING|x\"}",
        "{\"message\":{\"nested\":\"MONITORING|1|1|count|n\"}}"
      })
  void finds_nothing_in_a_message_without_a_monitoring_line(String message) {
    assertThat(MonitoringLine.find(message)).isEmpty();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("MONITORING|1489795335|1|count", "found 4 fields"),
        arguments("MONITORING|soon|1|count|n", "epoch"),
        arguments("MONITORING|-5|1|count|n", "epoch"),
        arguments("MONITORING|12345678901234567890|1|count|n", "epoch"),
        arguments("MONITORING|1489795335|NaN|count|n", "value is not a number"),
        arguments("MONITORING|1489795335|Infinity|count|n", "value is not a number"),
        arguments("MONITORING|1489795335|1e999|count|n", "value is not finite"),
        arguments("MONITORING|1489795335|0x10|count|n", "value is not a number"),
        arguments("MONITORING|1489795335|1d|count|n", "value is not a number"),
        arguments("MONITORING|1489795335||count|n", "value is not a number"),
        arguments("MONITORING|1489795335|1|set|n", "unknown type: 'set'"),
        arguments("MONITORING|1489795335|1|count|", "name is empty"),
        arguments("MONITORING|1489795335|1|count|" + "n".repeat(256), "name is longer than 255"),
        arguments("MONITORING|1489795335|1|count|n|country:uk", "tags must start with '#'"),
        arguments("MONITORING|1489795335|1|count|n|#a:1,a:2", "tag appears twice"),
        arguments("MONITORING|1489795335|1|count|n|#:x", "tag name must have"),
        arguments(
            "MONITORING|1489795335|1|count|n|#a:" + "v".repeat(1025),
            "must have a value of at most 1024"),
        arguments("MONITORING|1489795335|1e109|count|n", "outside the range CloudWatch accepts"),
        arguments("MONITORING|1489795335|-1e109|gauge|n", "outside the range CloudWatch accepts"),
        arguments("MONITORING|1489795335|1e-200|gauge|n", "outside the range CloudWatch accepts"),
        arguments("MONITORING|1489795335.1234567891|1|count|n", "epoch"),
        arguments("MONITORING|1489795335|1|count|n|#a:b|extra", "too many fields"),
        arguments("{\"message\":\"MONITORING|1489795335|x|count|n\"}", "value is not a number"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("malformed")
  void rejects_a_malformed_line_naming_the_field(String message, String reason) {
    assertThatThrownBy(() -> MonitoringLine.find(message))
        .isInstanceOf(MalformedMonitoringLineException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void an_error_quotes_at_most_64_characters_of_a_hostile_field() {
    String hostile = "MONITORING|1489795335|" + "9".repeat(100_000) + "x|count|n";
    assertThatThrownBy(() -> MonitoringLine.find(hostile))
        .isInstanceOf(MalformedMonitoringLineException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void maps_each_type_to_its_cloudwatch_unit() {
    assertThat(unitOf("count")).isEqualTo("Count");
    assertThat(unitOf("gauge")).isEqualTo("None");
    assertThat(unitOf("histogram")).isEqualTo("None");
    assertThat(unitOf("distribution")).isEqualTo("None");
    assertThat(unitOf("latency")).isEqualTo("Milliseconds");
    assertThat(unitOf("ms")).isEqualTo("Milliseconds");
    assertThat(unitOf("seconds")).isEqualTo("Seconds");
    assertThat(unitOf("bytes")).isEqualTo("Bytes");
    assertThat(unitOf("percent")).isEqualTo("Percent");
  }

  @Test
  void writes_a_line_that_reads_back_equal() {
    MonitoringLine line =
        new MonitoringLine(
            Instant.ofEpochMilli(1489795335250L),
            27.4,
            "latency",
            "user-api-latency",
            Map.of("country", "uk"));
    assertThat(line.toLine())
        .isEqualTo("MONITORING|1489795335.250|27.4|latency|user-api-latency|#country:uk");
    assertThat(MonitoringLine.find(line.toLine())).contains(line);
  }

  @Test
  void the_constructor_rejects_what_the_grammar_rejects() {
    assertThatThrownBy(() -> new MonitoringLine(Instant.EPOCH, Double.NaN, "count", "n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> new MonitoringLine(Instant.EPOCH, 1, "set", "n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown type");
    assertThatThrownBy(() -> new MonitoringLine(Instant.EPOCH, 1, "count", "n", Map.of("a", "x,y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forbidden character");
  }

  private static String unitOf(String type) {
    return MonitoringLine.find("MONITORING|1489795335|1|" + type + "|n").orElseThrow().unit();
  }
}
