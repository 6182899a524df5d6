package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipper's own log lines, as its Lambda writes them (the function's SLF4J provider, {@code
 * noops-lambda-logging}, on standard output): JSON, and never a payload, a message or a secret.
 */
class ShipperLoggingTest {
  private static final String SECRET = "hunter2-secret";
  private static final String PAYLOAD_MARKER = "card=4111111111111111";
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream stdout;
  private WireMockServer wireMock;

  @BeforeEach
  void capture() {
    stdout = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
  }

  @AfterEach
  void release() {
    System.setOut(stdout);
    wireMock.stop();
  }

  @Test
  void failures_are_logged_as_json_without_payloads_or_secrets() throws Exception {
    wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"errors\":true,\"items\":[{\"index\":{\"status\":400,"
                            + "\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed"
                            + " to parse: "
                            + PAYLOAD_MARKER
                            + "\"}}}]}")));
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .atPriority(1)
            .withRequestBody(containing("logs-failed-"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}")));
    ShipperConfig config =
        OpenSearchShippingTest.config(URI.create(wireMock.baseUrl()), "logs")
            .auth(ShipperConfig.Auth.BASIC)
            .username("shipper")
            .password(SECRET)
            .build();
    Shipper shipper = Shipper.create(config, MetricLineListener.NONE);

    shipper.ship(
        envelope(payload(CloudWatchData.events("p", List.of("payment " + PAYLOAD_MARKER)))),
        Duration.ofSeconds(10));
    shipper.ship(
        ("{\"awslogs\":{\"data\":\"" + PAYLOAD_MARKER + "\"}}").getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
    shipper.ship(PAYLOAD_MARKER.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
    shipper.ship(
        CloudWatchData.envelope(
            ("{\"messageType\": " + PAYLOAD_MARKER).getBytes(StandardCharsets.UTF_8)),
        Duration.ofSeconds(10));

    ObjectMapper json = new ObjectMapper();
    List<String> lines =
        captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).isNotEmpty();
    List<String> messages = new java.util.ArrayList<>();
    for (String line : lines) {
      JsonNode parsed = json.readTree(line);
      assertThat(parsed.isObject()).as(line).isTrue();
      assertThat(parsed.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
      messages.add(parsed.get("formattedMessage").asText());
      assertThat(line)
          .doesNotContain(SECRET)
          .doesNotContain(PAYLOAD_MARKER)
          .doesNotContain("4111111111111111");
    }
    assertThat(messages)
        .anySatisfy(message -> assertThat(message).contains("mapper_parsing_exception"))
        .anySatisfy(message -> assertThat(message).contains("dead-letter index"));
  }
}
