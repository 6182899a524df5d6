package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact {@code _bulk} bytes the shipper writes for seeded hostile input ({@link HostileLogs}):
 * the digests below were taken from the Jackson-generator document writer (commit b6a6ad3) before
 * documents were written byte by byte, so any change of an output byte fails here. Each setting
 * that changes what a document holds (json mapping, data stream, redaction, filter, tag labels) has
 * its own digest; the input covers envelopes, Kinesis records and decoded payloads. The path of
 * payloads too large to inflate into memory (streamed through {@link LenientUtf8}) must hand on the
 * very same events.
 */
class RenderBytesTest {
  private static final String GROUP = "/aws/lambda/orders-api";
  private static final String STREAM = "2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef";

  /** Digests of the renders of {@link #inputs()} per setting, from the Jackson writer. */
  private static final Map<String, String> EXPECTED =
      Map.of(
          "default",
          "c06b5a39c2111871247bf7c61afa078d125aef9cd6900622f7961817d8cbb226",
          "flat-object, data stream, redaction, filter",
          "99e377d26cc70b83fa8f139f91c615a950f34c19158a0bc9f05b881933d952de",
          "tag labels, flattened",
          "28776fc15a17b66096457c0694a60ec19447a094a8b1ff0ee336b59a962a13fa");

  @Test
  void the_bulk_bytes_of_hostile_input_are_those_of_the_jackson_writer() throws Exception {
    List<byte[]> inputs = inputs();
    Map<String, String> actual =
        Map.of(
            "default",
            digest(inputs, Shipper.create(config().build(), MetricLineListener.NONE)),
            "flat-object, data stream, redaction, filter",
            digest(
                inputs,
                Shipper.create(
                    config()
                        .jsonMapping("flat_object")
                        .dataStream(true)
                        .redact("all", "secret-[0-9]+")
                        .filter(null, "DEBUG", "INFO")
                        .build(),
                    MetricLineListener.NONE)),
            "tag labels, flattened",
            digest(
                inputs,
                new Shipper(
                    config().jsonMapping("flattened").enrichTags(true).build(),
                    new HttpTransport(
                        HttpTransport.newClient(Duration.ofSeconds(1)),
                        URI.create("http://localhost:9"),
                        RequestSigner.NONE),
                    MetricLineListener.NONE,
                    (account, region, logGroup) -> Map.of("team", "pay\"ments-" + logGroup))));
    assertThat(actual).isEqualTo(EXPECTED);
  }

  @Test
  void the_streamed_path_hands_on_the_same_events_as_the_in_memory_one() {
    for (byte[] input : inputs()) {
      assertThat(events(input, 0)).isEqualTo(events(input, PayloadDecoder.IN_MEMORY_LIMIT));
    }
  }

  private static List<String> events(byte[] input, long inMemoryLimit) {
    List<String> events = new ArrayList<>();
    new PayloadDecoder(Shipper.jsonFactory(), "eu-west-1", inMemoryLimit)
        .decode(
            input,
            new PayloadSink() {
              @Override
              public void event(LogContext context, LogEvent event) {
                events.add(context + " " + event);
              }

              @Override
              public void invalid(InvalidInput bad) {
                events.add("invalid " + bad.reason());
              }
            });
    return events;
  }

  private static ShipperConfig.Builder config() {
    return ShipperConfig.builder().endpoint(URI.create("http://localhost:9")).region("eu-west-1");
  }

  /** Envelopes of hostile payloads, a Kinesis event, a decoded payload and the log samples. */
  static List<byte[]> inputs() {
    List<byte[]> inputs = new ArrayList<>();
    HostileLogs logs = new HostileLogs(20261202L);
    for (int i = 0; i < 12; i++) {
      String group = i % 4 == 3 ? "/aws/lambda/fn-\"é\\" + i : GROUP;
      String stream = i % 5 == 4 ? "2026/12/02/[7]ü\u0001" + i : STREAM;
      inputs.add(CloudWatchData.envelope(logs.payload(group, stream, 400)));
    }
    inputs.add(
        CloudWatchData.kinesis(
            logs.payload(GROUP, STREAM, 50), logs.payload("/not/lambda", "s", 50)));
    inputs.add(logs.payload(GROUP, STREAM, 100)); // decoded, invalid UTF-8 and all: refused
    inputs.add(
        CloudWatchData.payload(CloudWatchData.events("decoded", HostileLogs.fixtureMessages())));
    inputs.add(
        CloudWatchData.envelope(
            CloudWatchData.payload(
                CloudWatchData.events("fixture", HostileLogs.fixtureMessages()))));
    return inputs;
  }

  static String digest(List<byte[]> inputs, Shipper shipper) throws NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] input : inputs) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> invalid = shipper.render(input, out);
      digest.update(out.toByteArray());
      digest.update(String.join("\n", invalid).getBytes(StandardCharsets.UTF_8));
      digest.update(shipper.drainRenderEffects().toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
