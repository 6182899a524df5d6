package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner reads a payload exactly as the streaming parser does, or leaves it to the parser:
 * every payload here goes through a decoder with the scanner and one without, and what reaches the
 * sink (events with their context, refusals with their reasons, in order) must be the same.
 */
class PayloadScannerTest {
  private static final String HEAD =
      "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/f\","
          + "\"logStream\":\"2020/03/27/[$LATEST]abc\",\"subscriptionFilters\":[\"noops\"],";
  private static final String EVENT =
      "{\"id\":\"35689263648391837472973739781728019701390240798247944192\","
          + "\"timestamp\":1585280405000,\"message\":\"START RequestId: 1 Version: $LATEST\\n\"}";

  /** What a sink was handed, in order. */
  private static List<Object> decoded(PayloadDecoder decoder, byte[] payload) {
    List<Object> seen = new ArrayList<>();
    decoder.decode(
        CloudWatchData.envelope(payload),
        new PayloadSink() {
          @Override
          public void event(LogContext context, LogEvent event) {
            seen.add(context);
            seen.add(event);
          }

          @Override
          public void invalid(InvalidInput input) {
            seen.add(input);
          }
        });
    return seen;
  }

  private static List<Object> scanned(byte[] payload) {
    return decoded(
        new PayloadDecoder(Shipper.jsonFactory(), "eu-west-1", PayloadDecoder.IN_MEMORY_LIMIT),
        payload);
  }

  private static List<Object> parsed(byte[] payload) {
    return decoded(
        new PayloadDecoder(
            Shipper.jsonFactory(), "eu-west-1", PayloadDecoder.IN_MEMORY_LIMIT, null),
        payload);
  }

  private static void assertSame(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    assertThat(scanned(bytes)).as(payload).isEqualTo(parsed(bytes));
  }

  @Test
  void the_plain_shape_is_read_by_the_scanner() {
    PayloadScanner scanner = new PayloadScanner();
    byte[] payload =
        (HEAD + "\"logEvents\":[" + EVENT + "," + EVENT + "]}").getBytes(StandardCharsets.UTF_8);
    assertThat(scanner.scan(payload, payload.length)).isTrue();
    assertThat(scanner.consumed()).isEqualTo(payload.length);
    List<LogEvent> events = new ArrayList<>();
    scanner.emit(
        "eu-west-1",
        new PayloadSink() {
          @Override
          public void event(LogContext context, LogEvent event) {
            assertThat(context.logGroup()).isEqualTo("/aws/lambda/f");
            events.add(event);
          }

          @Override
          public void invalid(InvalidInput input) {
            throw new AssertionError(input);
          }
        });
    assertThat(events)
        .extracting(LogEvent::message)
        .containsExactly(
            "START RequestId: 1 Version: $LATEST\n", "START RequestId: 1 Version: $LATEST\n");
  }

  @Test
  void the_aws_fixtures_and_generated_payloads_decode_the_same() {
    assertSame(
        new String(
            CloudWatchData.resource(
                "aws-docs-cwl-user-guide__SubscriptionFilters-lambda-example.decoded.json"),
            StandardCharsets.UTF_8));
    for (String fixture :
        List.of(
            "aws-docs__nodejs-logging.log",
            "aws-docs__python-logging-module.log",
            "aws-docs__java-log4j2-appender.log",
            "aws-docs__dotnet-csharp-logging.log")) {
      byte[] payload =
          CloudWatchData.payload(CloudWatchData.events("e", CloudWatchData.messages(fixture)));
      List<Object> scanned = scanned(payload);
      assertThat(scanned).isEqualTo(parsed(payload)).isNotEmpty();
      assertThat(scanned).noneMatch(InvalidInput.class::isInstance);
    }
  }

  /** Shapes the scanner leaves to the parser, or reads the same way; valid JSON or not. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"logEvents\":[]}",
        "\"logEvents\" : [ " + EVENT + " , " + EVENT + " ] }",
        "\"logEvents\":[" + EVENT + "],\"policyLevel\":\"ACCOUNT_LEVEL_POLICY\"}",
        "\"logEvents\":[" + EVENT + "],\"logGroup\":\"/aws/lambda/other\"}",
        "\"logEvents\":[" + EVENT + "],\"logEvents\":[" + EVENT + "]}",
        "\"logEvents\":[" + EVENT + "],\"extra\":{\"a\":1}}",
        "\"logEvents\":[" + EVENT + "],\"extra\":[1,-2,true,false,null,\"x\",[]]}",
        "\"logEvents\":[" + EVENT + "],\"extra\":1.5}",
        "\"logEvents\":[" + EVENT + "],}",
        "\"logEvents\":[" + EVENT + ",]}",
        "\"logEvents\":[" + EVENT + "]",
        "\"logEvents\":[" + EVENT + "]}  {\"more\":1}",
        "\"logEvents\":[" + EVENT + "]}]",
        "\"logEvents\":[" + EVENT + " " + EVENT + "]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\",\"x\":2}]}",
        "\"logEvents\":[{\"timestamp\":1,\"message\":\"a\",\"id\":\"1\"}]}",
        "\"logEvents\":[{\"i\\u0064\":\"1\",\"timestamp\":1,\"m\\u0065ssage\":\"a\"}]}",
        "\"logEvents\":[{\"id\" :\"1\",\"timestamp\"\t:1,\"message\"\n:\"a\",\"idx\":2}]}",
        "\"logEvents\":[{\"id\"\"1\",\"timestamp\":1,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\",\"message\":\"b\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1}]}",
        "\"logEvents\":[{\"id\":\"1\",\"message\":\"a\"}]}",
        "\"logEvents\":[{\"timestamp\":1,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"\",\"timestamp\":1,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":1,\"timestamp\":1,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":null,\"timestamp\":1,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1.0,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1e3,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":\"1\",\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":-0,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":-5,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":0123,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":999999999999999999,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":9223372036854775807,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":9223372036854775808,\"message\":\"a\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":null}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":{\"a\":1}}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\\u0000b\\/c\\ud83d\\ude00\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"lone \\ud83d surrogate\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"raw\ttab\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"bad \\q escape\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"é ü 中 😀\"}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"unterminated}]}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\"}], \"n\": truex}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\"}], \"n\": nul}",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\"}] /* c */ }",
        "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\"}]}\n\n\t ",
        "\"logEvents\":{}}",
        "\"logEvents\":null}",
        "\"logEvents\":[1]}",
        "\"logEvents\":[[]]}"
      })
  void every_shape_decodes_as_the_parser_decodes_it(String tail) {
    assertSame(HEAD + tail);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"logEvents\":["
            + EVENT
            + "],\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\","
            + "\"logGroup\":\"g\",\"logStream\":\"s\"}",
        "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
            + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\","
            + "\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination\"}]}",
        "{\"messageType\":\"OTHER\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":["
            + EVENT
            + "]}",
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\"}",
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":null,\"logStream\":\"s\","
            + "\"logEvents\":["
            + EVENT
            + "]}",
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logGroup\":\"h\","
            + "\"logStream\":\"s\",\"logEvents\":["
            + EVENT
            + "]}",
        "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":["
            + EVENT
            + "]}",
        "\ufeff" + HEAD + "\"logEvents\":[" + EVENT + "]}",
        "  \n" + HEAD + "\"logEvents\":[" + EVENT + "]}",
        "[" + HEAD + "\"logEvents\":[" + EVENT + "]}]",
        "{}",
        ""
      })
  void every_payload_decodes_as_the_parser_decodes_it(String payload) {
    assertSame(payload);
  }

  @Test
  void a_pretty_printed_payload_decodes_the_same() throws Exception {
    byte[] compact = CloudWatchData.payload(CloudWatchData.events("p", List.of("a\n", "b\tc\n")));
    String pretty =
        CloudWatchData.JSON
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(CloudWatchData.JSON.readTree(compact));
    assertSame(pretty);
    assertSame(pretty.replace("\n", "\r\n").replace("  ", "\t"));
  }

  @Test
  void a_key_longer_than_jacksons_limit_is_left_to_the_parser() {
    String key = "k".repeat(60_000);
    assertSame(HEAD + "\"logEvents\":[" + EVENT + "],\"" + key + "\":1}");
    assertSame(HEAD + "\"logEvents\":[{\"" + key + "\":1," + EVENT.substring(1) + "]}");
  }

  /** A sound payload cut at every length: both decoders see the same. */
  @Test
  void a_payload_cut_anywhere_decodes_the_same() {
    byte[] sound =
        (HEAD
                + "\"logEvents\":["
                + EVENT
                + ",{\"id\":\"2\",\"timestamp\":-1,\"message\":"
                + "\"\\u00e9\\ud83d\\ude00 tab\\t\",\"x\":[true,null]}]}")
            .getBytes(StandardCharsets.UTF_8);
    for (int length = 0; length <= sound.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(sound, length);
      assertThat(scanned(cut)).as("cut at %d", length).isEqualTo(parsed(cut));
    }
  }

  /** Any one ASCII byte of a sound payload changed: both decoders see the same. */
  @Test
  void payloads_with_one_byte_changed_decode_the_same() {
    String sound =
        HEAD
            + "\"logEvents\":["
            + EVENT
            + ",{\"id\":\"2\",\"timestamp\":1585280405001,\"message\":\"{\\\"level\\\":\\\"INFO\\\","
            + "\\\"n\\\":-1.5e3,\\\"ok\\\":true}\\n\"},"
            + "{\"id\":\"3\",\"timestamp\":0,\"message\":\"tab\\tquote\\\"slash\\\\\\/ \\u00e9\"}]}";
    byte[] alphabet = "{}[]\":,\\ \t\nabentu0123456789-.eE/x".getBytes(StandardCharsets.US_ASCII);
    Random random = new Random(7);
    byte[] bytes = sound.getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 3_000; round++) {
      byte[] changed = bytes.clone();
      int at = random.nextInt(changed.length);
      changed[at] = alphabet[random.nextInt(alphabet.length)];
      if (random.nextInt(4) == 0) {
        changed = java.util.Arrays.copyOf(changed, random.nextInt(changed.length));
      }
      assertThat(scanned(changed))
          .as("round %d: %s", round, new String(changed, StandardCharsets.UTF_8))
          .isEqualTo(parsed(changed));
    }
  }
}
