package dev.noops.configapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production wiring: table and KMS key from the environment, region and endpoint from the SDK's usual settings. */
class ConfigApiHandlerWiringTest {
  private static final Map<String, String> PROPERTIES = Map.of("aws.region", "eu-west-1",
      "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
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
    ConfigApiHandler handler = new ConfigApiHandler(ConfigApiHandler.fromEnvironment(
        Map.of("NOOPS_CONFIG_TABLE", table, "NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-config")));

    JsonNode put = RestEvents.request("PUT", "/config/wired").json("{\"value\": \"1\"}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    assertThat(dynamo.itemCount(table)).isEqualTo(2);
  }

  @Test
  void fails_at_init_naming_the_missing_variable() {
    assertThatThrownBy(() -> ConfigApiHandler.fromEnvironment(Map.of("NOOPS_CONFIG_KMS_KEY_ID", "k")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NOOPS_CONFIG_TABLE");
    assertThatThrownBy(() -> ConfigApiHandler.fromEnvironment(Map.of("NOOPS_CONFIG_TABLE", "t")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NOOPS_CONFIG_KMS_KEY_ID");
  }
}
