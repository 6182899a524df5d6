package dev.noops.configapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production wiring: table and KMS key from the environment, region and endpoint from the SDK's
 * usual settings.
 */
class ConfigApiHandlerWiringTest {
  private static final Map<String, String> PROPERTIES =
      Map.of("aws.region", "eu-west-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
  private Dynamo dynamo;

  @BeforeEach
  void start() {
    dynamo = new Dynamo();
    PROPERTIES.forEach(System::setProperty);
    System.setProperty("aws.endpointUrl", dynamo.emulator.endpoint().toString());
  }

  @AfterEach
  void stop() {
    PROPERTIES.keySet().forEach(System::clearProperty);
    System.clearProperty("aws.endpointUrl");
    dynamo.close();
  }

  @Test
  void builds_real_clients_that_honour_the_sdk_endpoint_override() {
    String table = dynamo.newTable();
    ConfigApiHandler handler =
        new ConfigApiHandler(
            Map.of("NOOPS_CONFIG_TABLE", table, "NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-config"));

    JsonNode put =
        RestEvents.request("PUT", "/config/wired").json("{\"value\": \"1\"}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    assertThat(dynamo.itemCount(table)).isEqualTo(2);
  }

  @Test
  void fails_at_init_naming_the_missing_variable() {
    assertThatThrownBy(() -> new ConfigApiHandler(Map.of("NOOPS_CONFIG_KMS_KEY_ID", "k")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NOOPS_CONFIG_TABLE");
    assertThatThrownBy(() -> new ConfigApiHandler(Map.of("NOOPS_CONFIG_TABLE", "t")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NOOPS_CONFIG_KMS_KEY_ID");
  }

  @Test
  void priming_builds_the_clients_without_a_request_and_they_serve_after_restore()
      throws Exception {
    String table = dynamo.newTable();
    try (AwsWireMock proxy = AwsWireMock.start()) {
      // every request to "AWS" passes through the proxy to the emulator, so none can go unseen
      proxy
          .server()
          .stubFor(
              any(anyUrl())
                  .willReturn(aResponse().proxiedFrom(dynamo.emulator.endpoint().toString())));
      System.setProperty("aws.endpointUrl", proxy.endpoint().toString());
      ConfigApiHandler handler =
          new ConfigApiHandler(
              Map.of("NOOPS_CONFIG_TABLE", table, "NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-config"));

      handler.priming().beforeCheckpoint(null);
      handler.priming().afterRestore(null);

      assertThat(proxy.server().getAllServeEvents())
          .as("requests to DynamoDB or KMS while priming")
          .isEmpty();
      JsonNode put =
          RestEvents.request("PUT", "/config/primed").json("{\"value\": \"1\"}").invoke(handler);
      JsonNode get = RestEvents.request("GET", "/config/primed").invoke(handler);
      assertThat(put.get("statusCode").asInt()).isEqualTo(201);
      assertThat(get.get("statusCode").asInt()).isEqualTo(200);
      assertThat(proxy.server().getAllServeEvents()).isNotEmpty();
    }
  }

  @Test
  void a_handler_around_a_given_api_has_no_hook_to_register() {
    ConfigApiHandler handler =
        new ConfigApiHandler(
            new ConfigApiHandler(Map.of("NOOPS_CONFIG_TABLE", "t", "NOOPS_CONFIG_KMS_KEY_ID", "k"))
                .api());

    assertThat(handler.priming()).isNull();
  }
}
