package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
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
 * The subscriber's Lambda jar served by the AWS Lambda Runtime Interface Client, as the java21
 * runtime runs it (the template's handler and JVM options), subscribing the group of a real
 * CloudTrail event from events/ against scripted CloudWatch Logs, and a failing invocation reported
 * to the error endpoint.
 */
class SubscriberRuntimeClientIT {
  private static final Path JAR = Path.of("target/noops-subscribe-log-group-lambda.jar");
  private static final Duration WAIT = Duration.ofMinutes(2);

  private AwsWireMock aws;
  private LambdaRuntimeApi api;

  @BeforeEach
  void start() {
    aws = AwsWireMock.start();
    new LogsStub(aws);
    api = LambdaRuntimeApi.start();
  }

  @AfterEach
  void stop() {
    api.close();
    aws.close();
  }

  private LambdaRuntimeProcess start(String name, Map<String, String> env) throws Exception {
    SamTemplate template = SamTemplate.of(Path.of(""));
    return LambdaRuntimeProcess.builder()
        .lambdaJar(JAR)
        .handler(template.handler("SubscriberFunction"))
        .memoryMb(template.memoryMb("SubscriberFunction"))
        .javaToolOptions(template.javaToolOptions("SubscriberFunction"))
        .runtimeApi(api)
        .workDir(Files.createDirectories(Path.of("target/ric", name)))
        .env("AWS_ENDPOINT_URL", aws.endpoint().toString())
        .env(env)
        .start();
  }

  @Test
  void subscribes_the_group_of_the_create_log_group_event() throws Exception {
    try (LambdaRuntimeProcess process =
        start("subscribe", Map.of("DESTINATION_ARN", SubscribeWireTest.DEST))) {
      String id =
          api.invoke(
              Files.readAllBytes(Path.of("../events/subscriber-create-log-group.json")),
              Duration.ofSeconds(60));
      LambdaRuntimeApi.Answer answer = api.await(id, WAIT);

      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.RESPONSE);
      assertThat(Harness.JSON.readTree(answer.body()).get("summary").asText())
          .startsWith("subscribed 1,");
      assertThat(aws.server().getAllServeEvents())
          .anySatisfy(
              event ->
                  assertThat(event.getRequest().getHeader("X-Amz-Target"))
                      .isEqualTo(AwsWireMock.LOGS + ".PutSubscriptionFilter"));

      String notJson = api.invoke("{not json");
      assertThat(api.await(notJson, WAIT).text()).contains("\"status\":\"ignored\"");
    }
  }

  @Test
  void a_missing_destination_fails_the_invocation_on_the_error_endpoint() throws Exception {
    try (LambdaRuntimeProcess process = start("no-destination", Map.of())) {
      String id =
          api.invoke(
              Files.readAllBytes(Path.of("../events/subscriber-create-log-group.json")),
              Duration.ofSeconds(60));
      LambdaRuntimeApi.Answer answer = api.await(id, WAIT);

      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.ERROR);
      assertThat(answer.text()).contains("DESTINATION_ARN");
      assertThat(aws.server().getAllServeEvents())
          .as("nothing written without a destination")
          .isEmpty();
    }
  }
}
