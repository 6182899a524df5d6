package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Basic / api-key credentials come from Secrets Manager at run time: one scripted server answers
 * Secrets Manager's AWS JSON 1.1 protocol, another plays the cluster.
 */
class ClusterSecretTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:noops/es-AbCdEf";
  private static final String TARGET = "secretsmanager.GetSecretValue";
  private static final String OK_ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"a-0\",\"status\":201}}]}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private WireMockServer secrets;
  private WireMockServer cluster;
  private MutableClock clock;

  @BeforeEach
  void start() {
    secrets = new WireMockServer(options().dynamicPort());
    cluster = new WireMockServer(options().dynamicPort());
    secrets.start();
    cluster.start();
    cluster.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  }

  @AfterEach
  void stop() {
    secrets.stop();
    cluster.stop();
  }

  @Test
  void reads_the_secret_once_per_execution_environment_and_signs_with_it() {
    secretIs(Map.of("username", "shipper", "password", "pa:ss"));
    bulkAnswers(200, OK_ONE_ITEM);
    Shipper shipper = shipper(ShipperConfig.Auth.BASIC);

    ship(shipper, "a");
    ship(shipper, "b");

    assertThat(bulks())
        .hasSize(2)
        .allSatisfy(
            bulk ->
                assertThat(bulk.getHeader("Authorization"))
                    .isEqualTo("Basic " + base64("shipper:pa:ss")));
    assertThat(secrets.findAll(postRequestedFor(urlPathEqualTo("/"))))
        .hasSize(1)
        .allSatisfy(
            read -> {
              assertThat(read.getHeader("X-Amz-Target")).isEqualTo(TARGET);
              assertThat(read.getBodyAsString()).contains(ARN);
            });
  }

  @Test
  void makes_no_call_before_the_first_request_so_a_snapshot_holds_no_credentials() {
    secretIs(Map.of("apiKey", "ZW5jb2RlZA=="));
    shipper(ShipperConfig.Auth.API_KEY);

    assertThat(secrets.getAllServeEvents()).isEmpty();
  }

  @Test
  void a_rotated_secret_is_read_again_once_on_401_and_the_request_is_sent_again() {
    secrets.stubFor(
        secretsCall()
            .inScenario("rotation")
            .whenScenarioStateIs(STARTED)
            .willReturn(secretResponse(Map.of("apiKey", "b2xk")))
            .willSetStateTo("rotated"));
    secrets.stubFor(
        secretsCall()
            .inScenario("rotation")
            .whenScenarioStateIs("rotated")
            .willReturn(secretResponse(Map.of("apiKey", "bmV3"))));
    // the cluster takes the old key once, then only the new one
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .inScenario("cluster")
            .whenScenarioStateIs(STARTED)
            .withHeader("Authorization", equalTo("ApiKey b2xk"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM))
            .willSetStateTo("rotated"));
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .inScenario("cluster")
            .whenScenarioStateIs("rotated")
            .withHeader("Authorization", equalTo("ApiKey b2xk"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"unauthorized\"}")));
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .withHeader("Authorization", equalTo("ApiKey bmV3"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM)));
    Shipper shipper = shipper(ShipperConfig.Auth.API_KEY);
    ship(shipper, "a");
    clock.advance(ClusterSecret.MIN_REFRESH_INTERVAL.plusSeconds(1));

    ShipReport report = ship(shipper, "b");

    assertThat(report.indexed()).isEqualTo(1);
    assertThat(bulks())
        .extracting(bulk -> bulk.getHeader("Authorization"))
        .containsExactly("ApiKey b2xk", "ApiKey b2xk", "ApiKey bmV3");
    assertThat(secrets.findAll(postRequestedFor(urlPathEqualTo("/")))).hasSize(2);
  }

  @Test
  void a_refusal_with_unchanged_credentials_is_not_retried_and_the_secret_is_not_read_in_a_loop() {
    secretIs(Map.of("username", "shipper", "password", "wrong"));
    bulkAnswers(403, "{\"error\":\"forbidden\"}");
    Shipper shipper = shipper(ShipperConfig.Auth.BASIC);

    assertThatThrownBy(() -> ship(shipper, "a")).isInstanceOf(ShipperException.class);
    assertThatThrownBy(() -> ship(shipper, "b")).isInstanceOf(ShipperException.class);

    // one read at first use; refusals within MIN_REFRESH_INTERVAL do not read again
    assertThat(secrets.findAll(postRequestedFor(urlPathEqualTo("/")))).hasSize(1);
    clock.advance(ClusterSecret.MIN_REFRESH_INTERVAL.plusSeconds(1));
    assertThatThrownBy(() -> ship(shipper, "c")).isInstanceOf(ShipperException.class);
    assertThat(secrets.findAll(postRequestedFor(urlPathEqualTo("/")))).hasSize(2);
  }

  @Test
  void secrets_manager_failures_fail_the_invocation_before_anything_is_sent() {
    secrets.stubFor(
        secretsCall()
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\":\"InternalServiceError\",\"message\":\"boom\"}")));
    bulkAnswers(200, OK_ONE_ITEM);
    Shipper shipper = shipper(ShipperConfig.Auth.BASIC);

    assertThatThrownBy(() -> ship(shipper, "a"))
        .isInstanceOf(ShipperException.class)
        .hasMessageContaining("Secrets Manager");
    assertThat(bulks())
        .isEmpty(); // Lambda retries the whole invocation: nothing half-sent, nothing lost
  }

  @Test
  void a_secret_that_is_not_the_expected_json_is_refused_without_quoting_it() {
    for (String body :
        List.of(
            "hunter2-not-json",
            "[\"hunter2\"]",
            "{\"username\":\"u\"}",
            "{\"username\":\"u\",\"password\":7}",
            "{\"apiKey\":\"hunter2\"}",
            "x".repeat(70_000))) {
      secrets.resetAll();
      secrets.stubFor(
          secretsCall()
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/x-amz-json-1.1")
                      .withBody(
                          jsonString(
                              Map.of("ARN", ARN, "Name", "noops/es", "SecretString", body)))));
      Shipper shipper = shipper(ShipperConfig.Auth.BASIC);

      assertThatThrownBy(() -> ship(shipper, "a"))
          .isInstanceOf(ShipperException.class)
          .hasMessageContaining("cluster credentials secret")
          .hasMessageNotContaining("hunter2");
    }
    assertThat(bulks()).isEmpty();
  }

  @Test
  void a_binary_secret_is_refused() {
    secrets.stubFor(
        secretsCall()
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        jsonString(
                            Map.of(
                                "ARN", ARN, "Name", "noops/es", "SecretBinary", base64("bin"))))));
    Shipper shipper = shipper(ShipperConfig.Auth.API_KEY);

    assertThatThrownBy(() -> ship(shipper, "a"))
        .isInstanceOf(ShipperException.class)
        .hasMessageContaining("SecretString");
  }

  @Test
  void the_configuration_takes_the_secret_arn_and_refuses_it_where_it_means_nothing() {
    ShipperConfig basic =
        ShipperConfig.fromEnvironment(
            Map.of(
                "ES_ENDPOINT",
                "https://search.example.com",
                "ES_AUTH",
                "basic",
                "ES_SECRET_ARN",
                ARN));
    assertThat(basic.secretArn()).isEqualTo(ARN);
    assertThat(basic.toString()).doesNotContain(ARN);

    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of(
                        "ES_ENDPOINT",
                        "https://search.example.com",
                        "ES_AUTH",
                        "none",
                        "ES_SECRET_ARN",
                        ARN)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ES_SECRET_ARN");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "https://search.example.com", "ES_AUTH", "api-key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ES_SECRET_ARN");
    assertThatThrownBy(() -> ClusterSecret.of("arn:aws:s3:::bucket", ShipperConfig.Auth.BASIC))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("bucket");
  }

  @Test
  void an_http_endpoint_is_refused_unless_explicitly_allowed_for_local_tests() {
    assertThatThrownBy(
            () -> ShipperConfig.fromEnvironment(Map.of("ES_ENDPOINT", "http://search.example.com")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("https://");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "http://localhost:9200", "NOOPS_ES_ALLOW_HTTP", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NOOPS_ES_ALLOW_HTTP");

    assertThat(
            ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "http://localhost:9200", "NOOPS_ES_ALLOW_HTTP", "true"))
                .endpoint())
        .isEqualTo(URI.create("http://localhost:9200"));
  }

  private Shipper shipper(ShipperConfig.Auth auth) {
    ShipperConfig config =
        OpenSearchShippingTest.config(URI.create(cluster.baseUrl()), "secret")
            .auth(auth)
            .secretArn(ARN)
            .installTemplates(false)
            .build();
    ClusterSecret secret =
        new ClusterSecret(
            ARN,
            auth,
            region ->
                SecretsManagerClient.builder()
                    .region(region)
                    .endpointOverride(URI.create(secrets.baseUrl()))
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                    .build(),
            clock);
    return Shipper.create(config, MetricLineListener.NONE, secret);
  }

  private static ShipReport ship(Shipper shipper, String id) {
    return shipper.ship(
        envelope(payload(CloudWatchData.events(id, List.of("hello")))), Duration.ofSeconds(5));
  }

  private void secretIs(Map<String, String> value) {
    secrets.stubFor(secretsCall().willReturn(secretResponse(value)));
  }

  private void bulkAnswers(int status, String body) {
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk")).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  private List<LoggedRequest> bulks() {
    return cluster.findAll(postRequestedFor(urlPathEqualTo("/_bulk")));
  }

  private static MappingBuilder secretsCall() {
    return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder secretResponse(
      Map<String, String> value) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(
            jsonString(Map.of("ARN", ARN, "Name", "noops/es", "SecretString", jsonString(value))));
  }

  private static String jsonString(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A clock the test moves, for the refresh interval. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
