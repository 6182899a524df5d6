package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class MixedLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode decode(MixedLogs.Payload payload) throws Exception {
    String data = JSON.readTree(payload.envelope()).path("awslogs").path("data").asText();
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(data)))) {
      return JSON.readTree(in);
    }
  }

  @Test
  void an_envelope_is_a_cloudwatch_logs_subscription_payload_with_the_events_it_counts()
      throws Exception {
    MixedLogs.Payload payload = new MixedLogs(3).ofEvents(100);

    JsonNode data = decode(payload);
    assertThat(data.path("messageType").asText()).isEqualTo("DATA_MESSAGE");
    assertThat(data.path("logGroup").asText()).isEqualTo("/aws/lambda/orders-api");
    assertThat(data.path("logEvents")).hasSize(100);
    assertThat(payload.events()).isEqualTo(100);
    assertThat(data.path("logEvents").get(0).path("message").asText()).startsWith("INIT_START ");
    assertThat(data.path("logEvents").get(1).path("message").asText())
        .startsWith("START RequestId: ");
  }

  @Test
  void a_sized_envelope_reaches_the_compressed_size_without_overshooting_much() throws Exception {
    int target = 256 * 1024;
    MixedLogs.Payload payload = new MixedLogs(5).ofCompressedSize(target);

    assertThat(payload.compressedBytes()).isBetween(target, target + target / 10);
    assertThat(decode(payload).path("logEvents")).hasSize(payload.events());
    // random IDs and numbers: the mix compresses like real logs, not like a repeated line
    assertThat(payload.textBytes() / payload.compressedBytes()).isBetween(2L, 12L);
  }

  @Test
  void an_envelope_of_one_kind_holds_only_lines_of_that_kind() throws Exception {
    for (String kind : MixedLogs.KINDS) {
      MixedLogs.Payload payload = new MixedLogs(7).ofKind(kind, 300);
      JsonNode events = decode(payload).path("logEvents");
      assertThat(events).hasSize(300);
      assertThat(payload.events()).isEqualTo(300);
      for (JsonNode event : events) {
        assertThat(MixedLogs.kind(event.path("message").asText())).as(kind).isEqualTo(kind);
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MixedLogs(7).ofKind("other", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    assertThat(new MixedLogs(7).ofEvents(500).envelope())
        .isEqualTo(new MixedLogs(7).ofEvents(500).envelope())
        .isNotEqualTo(new MixedLogs(8).ofEvents(500).envelope());
    assertThat(new MixedLogs(7).ofCompressedSize(64 * 1024).envelope())
        .isEqualTo(new MixedLogs(7).ofCompressedSize(64 * 1024).envelope());
  }

  @Test
  void the_mix_is_the_one_issue_12_describes() {
    List<String> lines = new MixedLogs(MixedLogs.DEFAULT_SEED).stream(100_000);

    assertThat(share(lines, l -> l.startsWith("{"))).as("JSON").isCloseTo(0.19, within(0.01));
    assertThat(share(lines, l -> l.contains("\tMONITORING|")))
        .as("MONITORING")
        .isCloseTo(0.10, within(0.01));
    assertThat(share(lines, l -> l.contains("\tERROR\t") && l.split("\n", -1).length > 3))
        .as("multi-line stack traces")
        .isCloseTo(0.03, within(0.005));
    assertThat(share(lines, l -> l.startsWith("XRAY "))).as("XRAY").isCloseTo(0.02, within(0.005));
    assertThat(
            share(
                lines,
                l ->
                    l.startsWith("START ")
                        || l.startsWith("END ")
                        || l.startsWith("REPORT ")
                        || l.startsWith("INIT_START ")))
        .as("START/END/REPORT")
        .isCloseTo(0.32, within(0.01));
    assertThat(
            share(
                lines,
                l ->
                    l.matches("(?s)\\d{4}-.*\t(INFO|WARN|DEBUG)\t.*")
                        && !l.contains("\tMONITORING|")))
        .as("Node.js text")
        .isCloseTo(0.33, within(0.01));
  }

  private static double share(List<String> lines, Predicate<String> kind) {
    return (double) lines.stream().filter(kind).count() / lines.size();
  }
}
