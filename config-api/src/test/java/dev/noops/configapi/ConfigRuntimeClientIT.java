package dev.noops.configapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.testsupport.LambdaRuntimeApi;
import dev.noops.testsupport.LambdaRuntimeProcess;
import dev.noops.testsupport.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The config API's Lambda jar served by the AWS Lambda Runtime Interface Client, as the java21
 * runtime runs it (the template's handler and JVM options): the PUT and GET events of events/
 * against the DynamoDB emulator, a malformed event, and a missing setting reported to the init
 * error endpoint.
 */
class ConfigRuntimeClientIT {
  private static final Path JAR = Path.of("target/noops-config-api-lambda.jar");
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Dynamo dynamo;
  private LambdaRuntimeApi api;

  @BeforeEach
  void start() {
    dynamo = new Dynamo();
    api = LambdaRuntimeApi.start();
  }

  @AfterEach
  void stop() {
    api.close();
    dynamo.close();
  }

  private LambdaRuntimeProcess start(String name, Map<String, String> env) throws Exception {
    SamTemplate template = SamTemplate.of(Path.of(""));
    return LambdaRuntimeProcess.builder()
        .lambdaJar(JAR)
        .handler(template.handler("ConfigFunction"))
        .memoryMb(template.memoryMb("ConfigFunction"))
        .javaToolOptions(template.javaToolOptions("ConfigFunction"))
        .runtimeApi(api)
        .workDir(Files.createDirectories(Path.of("target/ric", name)))
        .env("AWS_ENDPOINT_URL", dynamo.emulator.endpoint().toString())
        .env(env)
        .start();
  }

  private JsonNode answer(String event) throws Exception {
    LambdaRuntimeApi.Answer answer = api.await(api.invoke(event), WAIT);
    assertThat(answer.kind()).isEqualTo(LambdaRuntimeApi.Kind.RESPONSE);
    return JSON.readTree(answer.body());
  }

  @Test
  void stores_and_reads_a_value_with_the_sample_events() throws Exception {
    String table = dynamo.newTable();
    try (LambdaRuntimeProcess process =
        start(
            "put-get",
            Map.of("NOOPS_CONFIG_TABLE", table, "NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-config"))) {
      JsonNode put = answer(Files.readString(Path.of("../events/config-api-put.json")));
      JsonNode get = answer(Files.readString(Path.of("../events/config-api-get.json")));
      JsonNode malformed = answer("[\"not a proxy event\"");

      assertThat(put.get("statusCode").asInt())
          .as(Files.readString(process.log()))
          .isBetween(200, 201);
      assertThat(get.get("statusCode").asInt()).isEqualTo(200);
      assertThat(JSON.readTree(get.get("body").asText()).get("value").asText()).isNotEmpty();
      assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
    }
  }

  @Test
  void a_missing_table_setting_is_an_init_error() throws Exception {
    try (LambdaRuntimeProcess process =
        start("no-table", Map.of("NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-config"))) {
      LambdaRuntimeApi.Answer answer = api.await(api.invoke("{}"), WAIT);

      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.INIT_ERROR);
      assertThat(answer.text()).contains("NOOPS_CONFIG_TABLE");
    }
  }
}
