package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LogPayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode decode(LogPayloads.Payload payload) throws Exception {
    String data = JSON.readTree(payload.envelope()).path("awslogs").path("data").asText();
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(data)))) {
      return JSON.readTree(in);
    }
  }

  @Test
  void an_envelope_is_a_cloudwatch_logs_subscription_payload_with_the_events_it_counts()
      throws Exception {
    LogPayloads.Payload payload = new LogPayloads(3, "/aws/lambda/orders").ofEvents(100);

    JsonNode data = decode(payload);
    assertThat(data.path("messageType").asText()).isEqualTo("DATA_MESSAGE");
    assertThat(data.path("logGroup").asText()).isEqualTo("/aws/lambda/orders");
    assertThat(data.path("logEvents")).hasSize(payload.events());
    assertThat(payload.events()).isGreaterThanOrEqualTo(100);
    assertThat(data.path("logEvents").get(0).path("message").asText())
        .startsWith("START RequestId: ");
  }

  @Test
  void a_sized_envelope_reaches_the_compressed_size_without_overshooting_much() throws Exception {
    int target = 256 * 1024;
    LogPayloads.Payload payload = new LogPayloads(5, "/aws/lambda/orders").ofCompressedSize(target);

    assertThat(payload.compressedBytes()).isBetween(target, target + target / 10);
    assertThat(decode(payload).path("logEvents")).hasSize(payload.events());
    // random IDs and numbers: the mix compresses like real logs, not like a repeated line
    assertThat(payload.textBytes() / payload.compressedBytes()).isBetween(2L, 12L);
  }
}
