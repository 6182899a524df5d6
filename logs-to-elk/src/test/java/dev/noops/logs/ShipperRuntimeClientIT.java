package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
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
 * The shipper's Lambda jar served by the AWS Lambda Runtime Interface Client, as the java21 runtime
 * runs it: the template's handler string and JVM options, a real event from events/, the answer
 * serialized by the client, and failures reported to the Runtime API's error endpoints.
 */
class ShipperRuntimeClientIT {
  private static final Path JAR = Path.of("target/noops-logs-to-elk-lambda.jar");
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String TWO_ITEMS =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"eventId1\",\"status\":201}},"
          + "{\"index\":{\"_id\":\"eventId2\",\"status\":201}}]}";

  private static final String ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}";

  private WireMockServer cluster;
  private LambdaRuntimeApi api;

  @BeforeEach
  void start() {
    cluster = new WireMockServer(options().dynamicPort());
    cluster.start();
    cluster.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    api = LambdaRuntimeApi.start();
  }

  @AfterEach
  void stop() {
    api.close();
    cluster.stop();
  }

  private LambdaRuntimeProcess start(String name, Map<String, String> env) throws Exception {
    SamTemplate template = SamTemplate.of(Path.of(""));
    return LambdaRuntimeProcess.builder()
        .lambdaJar(JAR)
        .handler(template.handler("ShipperFunction"))
        .memoryMb(template.memoryMb("ShipperFunction"))
        .javaToolOptions(template.javaToolOptions("ShipperFunction"))
        .runtimeApi(api)
        .workDir(Files.createDirectories(Path.of("target/ric", name)))
        .env("NOOPS_ES_ALLOW_HTTP", "true")
        .env(env)
        .start();
  }

  @Test
  void ships_the_sample_event_and_answers_with_the_counts() throws Exception {
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk")).willReturn(aResponse().withStatus(200).withBody(ONE_ITEM)));
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .withRequestBody(containing("eventId2"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200).withBody(TWO_ITEMS)));
    try (LambdaRuntimeProcess process = start("ship", Map.of("ES_ENDPOINT", cluster.baseUrl()))) {
      String id =
          api.invoke(
              Files.readAllBytes(Path.of("../events/shipper-awslogs.json")),
              Duration.ofSeconds(60));
      LambdaRuntimeApi.Answer answer = api.await(id, WAIT);

      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.RESPONSE);
      assertThat(answer.text())
          .isEqualTo(
              "{\"events\":2,\"indexed\":2,\"deadLettered\":0,\"invalidInputs\":0,\"dropped\":0,\"redacted\":0,"
                  + "\"untaggedRoutes\":0,\"metricsUnpublished\":0}");
      assertThat(cluster.findAll(postRequestedFor(urlPathEqualTo("/_bulk")))).hasSize(1);

      String notJson = api.invoke("this is not an event");
      assertThat(api.await(notJson, WAIT).text())
          .as("an unreadable event is kept as a dead letter, not lost")
          .isEqualTo(
              "{\"events\":0,\"indexed\":1,\"deadLettered\":1,\"invalidInputs\":1,\"dropped\":0,\"redacted\":0,"
                  + "\"untaggedRoutes\":0,\"metricsUnpublished\":0}");
      assertThat(
              cluster.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))).get(1).getBodyAsString())
          .contains("this is not an event");
    }
  }

  @Test
  void an_unreachable_cluster_fails_the_invocation_on_the_error_endpoint_so_lambda_retries_it()
      throws Exception {
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"busy\"}")));
    try (LambdaRuntimeProcess process =
        start(
            "unreachable",
            Map.of(
                "ES_ENDPOINT",
                cluster.baseUrl(),
                "SHIPPER_SAFETY_MARGIN_MS",
                "500",
                "ES_RETRY_MAX_MS",
                "500"))) {
      String id =
          api.invoke(
              Files.readAllBytes(Path.of("../events/shipper-awslogs.json")),
              Duration.ofSeconds(10));
      LambdaRuntimeApi.Answer answer = api.await(id, WAIT);

      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.ERROR);
      assertThat(answer.text())
          .contains("\"errorType\":\"dev.noops.logs.BudgetExhaustedException\"")
          .contains("2 documents undelivered");
    }
  }

  @Test
  void a_missing_endpoint_is_an_init_error() throws Exception {
    try (LambdaRuntimeProcess process = start("no-endpoint", Map.of())) {
      String id = api.invoke("{}");
      assertThat(api.await(id, WAIT).kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.INIT_ERROR);
      assertThat(api.initErrors().get(0).text()).contains("ES_ENDPOINT");
    }
  }

  @Test
  void a_snap_start_init_runs_the_priming_hook_before_the_snapshot_without_calling_the_cluster()
      throws Exception {
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk")).willReturn(aResponse().withStatus(200).withBody(TWO_ITEMS)));
    try (LambdaRuntimeProcess process =
        start(
            "snap-start",
            Map.of(
                "ES_ENDPOINT",
                cluster.baseUrl(),
                "AWS_LAMBDA_INITIALIZATION_TYPE",
                "snap-start"))) {
      long end = System.nanoTime() + WAIT.toNanos();
      while (!api.calls().contains("GET /2018-06-01/runtime/restore/next")
          && System.nanoTime() < end) {
        Thread.sleep(20);
      }

      assertThat(api.calls())
          .as(Files.readString(process.log()))
          .contains("GET /2018-06-01/runtime/restore/next");
      assertThat(Files.readString(process.log())).contains("SnapStart priming done in");
      assertThat(cluster.getAllServeEvents())
          .as("requests to the cluster before the snapshot")
          .isEmpty();
      String id =
          api.invoke(
              Files.readAllBytes(Path.of("../events/shipper-awslogs.json")),
              Duration.ofSeconds(60));
      assertThat(api.await(id, WAIT).text())
          .isEqualTo(
              "{\"events\":2,\"indexed\":2,\"deadLettered\":0,\"invalidInputs\":0,\"dropped\":0,\"redacted\":0,"
                  + "\"untaggedRoutes\":0,\"metricsUnpublished\":0}");
    }
  }
}
