package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.event;
import static dev.noops.logs.CloudWatchData.gzip;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadDecoderTest {
  private final PayloadDecoder decoder =
      new PayloadDecoder(Shipper.jsonFactory(), "eu-west-1", inMemoryLimit());
  private final List<LogContext> contexts = new ArrayList<>();
  private final List<LogEvent> events = new ArrayList<>();
  private final List<InvalidInput> invalid = new ArrayList<>();
  private final PayloadSink sink =
      new PayloadSink() {
        @Override
        public void event(LogContext context, LogEvent event) {
          contexts.add(context);
          events.add(event);
        }

        @Override
        public void invalid(InvalidInput input) {
          invalid.add(input);
        }
      };

  /**
   * Payloads up to this size are inflated once into memory; {@link PayloadDecoderStreamingTest}
   * runs every test again with 0, where each payload is checked by one inflation and streamed by a
   * second.
   */
  long inMemoryLimit() {
    return PayloadDecoder.IN_MEMORY_LIMIT;
  }

  private void decode(byte[] input) {
    decoder.decode(input, sink);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void the_aws_sample_envelope_decodes_to_its_two_events() {
    decode(CloudWatchData.resource("aws-lambda-java-libs__cloudwatchlogs_event.envelope.json"));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::id).containsExactly("eventId1", "eventId2");
    assertThat(events)
        .extracting(LogEvent::message)
        .containsExactly("[ERROR] First test message", "[ERROR] Second test message");
    assertThat(events.get(0).timestamp()).isEqualTo(1440442987000L);
    LogContext context = contexts.get(0);
    assertThat(context.account()).isEqualTo("123456789123");
    assertThat(context.logGroup()).isEqualTo("testLogGroup");
    assertThat(context.logStream()).isEqualTo("testLogStream");
    assertThat(context.region()).isEqualTo("eu-west-1");
  }

  @Test
  void a_decoded_payload_is_detected_and_read_directly() {
    decode(
        CloudWatchData.resource(
            "aws-docs-cwl-user-guide__SubscriptionFilters-lambda-example.decoded.json"));
    assertThat(invalid).isEmpty();
    assertThat(events).hasSize(3);
    assertThat(contexts.get(0).logGroup()).isEqualTo("CloudTrail");
  }

  @Test
  void an_account_level_policy_delivery_ships_like_a_per_group_one() {
    String payload =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/orders\","
            + "\"logStream\":\"2026/11/25/[$LATEST]abc\",\"subscriptionFilters\":[\"noops-shipper\"],"
            + "\"policyLevel\":\"ACCOUNT_LEVEL_POLICY\",\"logEvents\":[{\"id\":\"p1\",\"timestamp\":1764064800000,"
            + "\"message\":\"hello\"}]}";
    decode(utf8("{\"awslogs\":{\"data\":\"" + base64(gzip(utf8(payload))) + "\"}}"));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::id).containsExactly("p1");
    assertThat(contexts.get(0).logGroup()).isEqualTo("/aws/lambda/orders");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "as AWS writes it|plain",
        "with a field after it|field after",
        "with escaped slashes|escaped slashes",
        "in lines of 76 characters|lines",
        "with spaces around it in the envelope|spaced"
      })
  void the_envelope_data_decodes_in_every_shape_json_allows(String name, String shape) {
    String payload =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"e1\",\"timestamp\":1,\"message\":\"one\"}]}";
    String data = base64(gzip(utf8(payload + " ".repeat(300)))); // long enough for slashes, lines
    String input =
        switch (shape) {
          case "plain" -> "{\"awslogs\":{\"data\":\"" + data + "\"}}";
          case "field after" -> "{\"awslogs\":{\"data\":\"" + data + "\",\"x\":\"y\"}}";
          case "escaped slashes" -> "{\"awslogs\":{\"data\":\"" + data.replace("/", "\\/") + "\"}}";
          case "lines" ->
              "{\"awslogs\":{\"data\":\""
                  + String.join("\\n", data.split("(?<=\\G.{76})"))
                  + "\"}}";
          default -> " { \"awslogs\" : { \"data\" : \"" + data + "\" } } ";
        };
    decode(utf8(input));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::message).containsExactly("one");
  }

  @Test
  void unpadded_data_is_refused_as_before() {
    String data = base64(gzip(utf8("{\"messageType\":\"CONTROL_MESSAGE\"}")));
    String unpadded = data.replace("=", "");
    assertThat(unpadded).isNotEqualTo(data);
    decode(utf8("{\"awslogs\":{\"data\":\"" + unpadded + "\"}}"));
    assertThat(invalid)
        .singleElement()
        .satisfies(bad -> assertThat(bad.reason()).contains("base64"));
  }

  @Test
  void kinesis_records_each_carry_a_payload() {
    byte[] first = payload(List.of(new LogEvent("k1", 1L, "one")));
    byte[] second =
        payload(
            "/aws/lambda/other",
            "2024/01/01/[3]abc",
            List.of(new LogEvent("k2", 2L, "two"), new LogEvent("k3", 3L, "three")));
    decode(CloudWatchData.kinesis(first, second));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::id).containsExactly("k1", "k2", "k3");
    assertThat(contexts.get(1).functionName()).isEqualTo("other");
  }

  @Test
  void a_bad_kinesis_record_is_dead_lettered_alone_and_the_others_still_ship() {
    String good = base64(gzip(payload(List.of(new LogEvent("k1", 1L, "one")))));
    String notGzip = base64(utf8("plain text"));
    decode(
        utf8(
            "{\"Records\":[{\"kinesis\":{\"data\":\""
                + notGzip
                + "\"}},{\"kinesis\":{\"data\":\""
                + good
                + "\"}}]}"));
    assertThat(events).extracting(LogEvent::id).containsExactly("k1");
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.reason()).isEqualTo("data is not gzip");
              assertThat(bad.original()).isEqualTo(notGzip);
            });
  }

  @Test
  void kinesis_records_that_are_not_cloudwatch_logs_data_are_each_dead_lettered() {
    decode(
        CloudWatchData.resource(
            "aws-lambda-go__kinesis-event.json")); // AWS's sample records carry "Hello World"
    assertThat(events).isEmpty();
    assertThat(invalid)
        .hasSize(2)
        .allSatisfy(
            bad -> {
              assertThat(bad.reason()).isEqualTo("data is not gzip");
              assertThat(bad.original()).isEqualTo("SGVsbG8gV29ybGQ=");
            });
  }

  @Test
  void control_messages_are_skipped() {
    decode(
        envelope(
            utf8(
                "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
                    + "\"logStream\":\"\","
                    + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1432826855000,"
                    + "\"message\":\"CWL"
                    + " CONTROL MESSAGE: Checking health of destination Firehose.\"}]}")));
    assertThat(events).isEmpty();
    assertThat(invalid).isEmpty();
  }

  @Test
  void empty_log_events_are_nothing_to_do() {
    decode(envelope(payload(List.of())));
    assertThat(events).isEmpty();
    assertThat(invalid).isEmpty();
  }

  @Test
  void an_envelope_whose_awslogs_key_is_not_first_is_still_found() {
    String data =
        new String(
            envelope(payload(List.of(new LogEvent("late", 1L, "m")))), StandardCharsets.UTF_8);
    decode(utf8("{\"source\":\"test\",\"nested\":{\"awslogs\":1}," + data.substring(1)));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::id).containsExactly("late");
  }

  @Test
  void metadata_after_the_events_is_still_applied_to_them() {
    decode(
        envelope(
            utf8(
                "{\"logEvents\":[{\"id\":\"e1\",\"timestamp\":5,\"message\":\"m\"}],\"logStream\":\"s\","
                    + "\"logGroup\":\"g\","
                    + "\"owner\":\"1\",\"messageType\":\"DATA_MESSAGE\"}")));
    assertThat(invalid).isEmpty();
    assertThat(events).extracting(LogEvent::id).containsExactly("e1");
    assertThat(contexts.get(0).logGroup()).isEqualTo("g");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not JSON at all|hello there|invalid JSON at line 1, column 1",
        "a JSON array|[1,2]|the input is not a JSON object",
        "not base64|{\"awslogs\":{\"data\":\"%%%not-base64%%%\"}}|data is not base64",
        "data not a string|{\"awslogs\":{\"data\":42}}|awslogs.data is not a string",
        "awslogs not an object|{\"awslogs\":\"x\"}|awslogs is not an object",
        "no data|{\"awslogs\":{}}|awslogs.data is missing",
        "wrong shape|{\"hello\":\"world\"}|messageType is missing",
        "unknown"
            + " messageType|{\"messageType\":\"OTHER\",\"logGroup\":\"g\",\"logStream\":\"s\",\"logEvents\":[]}|unknown"
            + " messageType",
        "no logEvents|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\"}|logEvents"
            + " is missing",
        "event without"
            + " id|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"timestamp\":1,\"message\":\"m\"}]}|a"
            + " log event has no id",
        "timestamp as"
            + " text|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":\"x\",\"message\":\"m\"}]}|timestamp"
            + " is not an integer",
        "message as"
            + " object|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":{}}]}|message"
            + " is not a string",
        "event without"
            + " timestamp|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"e7\",\"message\":\"m\"}]}|log event e7 has no timestamp",
        "event without"
            + " message|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":\"e8\",\"timestamp\":1}]}|log event e8 has no message",
        "id as"
            + " number|{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\","
            + "\"logEvents\":[{\"id\":7,\"timestamp\":1,\"message\":\"m\"}]}|logEvents[].id"
            + " is not a string",
      })
  void bad_input_is_never_dropped_silently(String name, String input, String reason) {
    decode(utf8(input));
    assertThat(events).isEmpty();
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.reason()).contains(reason);
              assertThat(bad.id()).startsWith("invalid-");
            });
  }

  @Test
  void the_same_bad_input_gets_the_same_dead_letter_id() {
    decode(utf8("garbage"));
    decode(utf8("garbage"));
    assertThat(invalid)
        .extracting(InvalidInput::id)
        .containsExactly(invalid.get(0).id(), invalid.get(0).id());
  }

  @Test
  void base64_that_is_not_gzip_is_rejected_with_its_data_kept() {
    String data = base64(utf8("{\"messageType\":\"DATA_MESSAGE\"}"));
    decode(utf8("{\"awslogs\":{\"data\":\"" + data + "\"}}"));
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.reason()).isEqualTo("data is not gzip");
              assertThat(bad.original()).isEqualTo(data);
            });
  }

  @Test
  void gzip_of_non_json_is_rejected() {
    decode(envelope(utf8("this is not json")));
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad ->
                assertThat(bad.reason())
                    .startsWith("invalid JSON at line 1")
                    .doesNotContain("this")
                    .doesNotContain("json")
                    .doesNotContain("Exception"));
  }

  @Test
  void truncated_gzip_dead_letters_the_whole_data_and_ships_none_of_it() {
    byte[] whole =
        gzip(
            payload(
                CloudWatchData.events(
                    "t", List.of("a".repeat(5000), "b".repeat(5000), "c".repeat(5000)))));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 20);
    decode(utf8("{\"awslogs\":{\"data\":\"" + base64(truncated) + "\"}}"));
    assertThat(events).isEmpty();
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.reason()).isEqualTo("data's gzip stream is cut short (truncated)");
              assertThat(bad.original()).isEqualTo(base64(truncated));
            });
  }

  /**
   * The last 8 bytes of a gzip member: CRC-32 of the content, then its length mod 2^32,
   * little-endian.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "CRC-32 flipped,     8, 0x01",
    "CRC-32 zeroed,      8, 0x00",
    "length off by one,  4, 0x01",
    "length zeroed,      4, 0x00",
  })
  void a_corrupt_gzip_trailer_is_invalid_input_and_nothing_of_it_ships(
      String name, int fromEnd, String mask) {
    byte[] compressed =
        gzip(payload(CloudWatchData.events("crc", List.of("first line", "second line"))));
    int at = compressed.length - fromEnd;
    int bits = Integer.decode(mask.strip());
    compressed[at] = (byte) (bits == 0 ? 0 : compressed[at] ^ bits);
    if (bits == 0) {
      java.util.Arrays.fill(compressed, at, at + 4, (byte) 0);
    }
    decode(utf8("{\"awslogs\":{\"data\":\"" + base64(compressed) + "\"}}"));
    assertThat(events).isEmpty();
    assertThat(invalid)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.reason())
                  .isEqualTo(
                      "data's gzip checksum or length does not match its content (corrupt gzip"
                          + " trailer)");
              assertThat(bad.original()).isEqualTo(base64(compressed));
            });
  }

  @Test
  void a_corrupt_trailer_in_one_kinesis_record_leaves_the_others_shipping() {
    byte[] good = payload(CloudWatchData.events("good", List.of("kept")));
    byte[] bad = gzip(payload(CloudWatchData.events("bad", List.of("dropped"))));
    bad[bad.length - 8] ^= 0x55;
    String kinesis = new String(CloudWatchData.kinesis(good, good), StandardCharsets.UTF_8);
    String goodData = base64(gzip(good));
    kinesis = kinesis.replaceFirst(java.util.regex.Pattern.quote(goodData), base64(bad));
    decode(utf8(kinesis));
    assertThat(events).extracting(LogEvent::id).containsExactly("good-0");
    assertThat(invalid)
        .singleElement()
        .satisfies(found -> assertThat(found.reason()).contains("corrupt gzip trailer"));
  }

  @Test
  void gzip_content_far_beyond_the_payload_is_refused() {
    byte[] json = payload(CloudWatchData.events("tail", List.of("m")));
    byte[] padded = java.util.Arrays.copyOf(json, json.length + 200_000);
    java.util.Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    decode(envelope(padded));
    assertThat(events).isEmpty();
    assertThat(invalid)
        .singleElement()
        .satisfies(bad -> assertThat(bad.reason()).contains("more than the payload"));
  }

  @Test
  void a_256_kb_message_is_one_event() {
    String big = "x".repeat(256 * 1024);
    decode(envelope(payload(List.of(event(big)))));
    assertThat(invalid).isEmpty();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.message()).hasSize(256 * 1024));
  }

  @Test
  void invalid_utf8_is_replaced_not_rejected() {
    byte[] json =
        utf8(
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\","
                + "\"logEvents\":[{\"id\":\"u1\",\"timestamp\":1,\"message\":\"before"
                + " XX after\"}]}");
    String text = new String(json, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("XX");
    json[at] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
    json[at + 1] = (byte) 0x28;
    decode(envelope(json));
    assertThat(invalid).isEmpty();
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("before \uFFFD").endsWith(" after"));
  }

  @Test
  void a_one_megabyte_compressed_payload_decodes_every_event() {
    byte[] envelope = OneMegabytePayload.envelope();
    assertThat(envelope.length).isGreaterThan(1_000_000);
    decode(envelope);
    assertThat(invalid).isEmpty();
    assertThat(events).hasSize(OneMegabytePayload.count());
  }

  @Test
  void an_event_id_longer_than_elasticsearch_accepts_is_rejected() {
    decode(envelope(payload(List.of(new LogEvent("9".repeat(600), 1L, "m")))));
    assertThat(invalid)
        .singleElement()
        .satisfies(bad -> assertThat(bad.reason()).contains("longer than 512 bytes"));
  }

  /**
   * A 1 MB (compressed) subscription payload of random-ish log lines, as large as Lambda accepts
   * asynchronously.
   */
  static final class OneMegabytePayload {
    private static byte[] envelope;
    private static int count;

    static synchronized byte[] envelope() {
      if (envelope == null) {
        Random random = new Random(42);
        List<String> messages = new ArrayList<>();
        ByteArrayOutputStream estimate = new ByteArrayOutputStream();
        while (estimate.size() < 1_000_000) {
          byte[] noise = new byte[300];
          random.nextBytes(noise);
          String line =
              "2024-05-01T10:00:00.000Z\tr-"
                  + messages.size()
                  + "\tINFO\tline "
                  + messages.size()
                  + " "
                  + base64(noise)
                  + "\n";
          messages.add(line);
          estimate.writeBytes(utf8(line.substring(0, 300)));
        }
        count = messages.size();
        envelope = CloudWatchData.envelope(payload(CloudWatchData.events("big", messages)));
      }
      return envelope;
    }

    static int count() {
      envelope();
      return count;
    }
  }
}
