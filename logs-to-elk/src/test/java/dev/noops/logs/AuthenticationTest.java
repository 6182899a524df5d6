package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What each authentication mode puts on the wire, and that requests are gzip NDJSON on one
 * kept-alive client.
 */
class AuthenticationTest {
  private static final String OK_ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"a-0\",\"status\":201}}]}";
  private WireMockServer wireMock;

  @BeforeEach
  void start() {
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    wireMock.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM)));
  }

  @AfterEach
  void stop() {
    wireMock.stop();
  }

  private ShipperConfig.Builder config() {
    return OpenSearchShippingTest.config(URI.create(wireMock.baseUrl()), "auth");
  }

  private LoggedRequest shipOneAndGetBulk(Shipper shipper) {
    shipper.ship(
        envelope(payload(CloudWatchData.events("a", List.of("hello")))), Duration.ofSeconds(10));
    List<LoggedRequest> bulks = wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk")));
    assertThat(bulks).hasSize(1);
    return bulks.get(0);
  }

  @Test
  void no_auth_sends_gzip_ndjson_without_credentials() {
    LoggedRequest bulk =
        shipOneAndGetBulk(Shipper.create(config().build(), MetricLineListener.NONE));
    assertThat(bulk.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(bulk.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(bulk.containsHeader("Authorization")).isFalse();
    assertThat(bulk.getBodyAsString())
        .startsWith(
            "{\"index\":{\"_index\":\"auth-2020.03.27\",\"_id\":\"a-0\"}}\n{\"@timestamp\"");
  }

  @Test
  void basic_auth_sends_the_user_and_password() {
    ShipperConfig config =
        config().auth(ShipperConfig.Auth.BASIC).username("shipper").password("s3cret").build();
    LoggedRequest bulk = shipOneAndGetBulk(Shipper.create(config, MetricLineListener.NONE));
    assertThat(bulk.getHeader("Authorization")).isEqualTo("Basic c2hpcHBlcjpzM2NyZXQ=");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void api_key_auth_sends_the_encoded_key() {
    ShipperConfig config =
        config()
            .auth(ShipperConfig.Auth.API_KEY)
            .apiKey("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
            .build();
    LoggedRequest bulk = shipOneAndGetBulk(Shipper.create(config, MetricLineListener.NONE));
    assertThat(bulk.getHeader("Authorization"))
        .isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
    assertThat(config.toString()).doesNotContain("VnVh");
  }

  @Test
  void sigv4_for_opensearch_serverless_signs_the_gzip_body_with_the_sdk_signer() {
    SigV4Signer signer =
        new SigV4Signer(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI")),
            "aoss",
            "eu-west-1");
    ShipperConfig config = config().build();
    Transport transport =
        new HttpTransport(
            HttpTransport.newClient(Duration.ofSeconds(2)), URI.create(wireMock.baseUrl()), signer);
    LoggedRequest bulk = shipOneAndGetBulk(new Shipper(config, transport, MetricLineListener.NONE));

    assertThat(bulk.getHeader("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/aoss/aws4_request")
        .contains("SignedHeaders=")
        .contains("content-encoding")
        .contains("host")
        .contains("x-amz-content-sha256")
        .contains("x-amz-date")
        .doesNotContain("wJalrXUtnFEMI");
    assertThat(bulk.getHeader("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    assertThat(bulk.getHeader("x-amz-content-sha256")).matches("[0-9a-f]{64}");
  }

  @Test
  void sigv4_for_amazon_opensearch_service_uses_the_es_signing_name() {
    SigV4Signer signer =
        new SigV4Signer(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "es",
            "us-east-1");
    java.util.Map<String, String> headers =
        signer.headers(
            "POST",
            URI.create("https://search-logs.us-east-1.es.amazonaws.com/_bulk"),
            java.util.Map.of("Content-Type", "application/x-ndjson"),
            new byte[] {1, 2, 3});
    assertThat(headers.get("Authorization")).contains("/us-east-1/es/aws4_request");
    assertThat(headers).containsKey("x-amz-content-sha256");
  }

  @Test
  void the_content_hash_is_the_sha256_of_the_bytes_on_the_wire() throws Exception {
    byte[] body = Gzip.of("{\"index\":{}}\n{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SigV4Signer signer =
        new SigV4Signer(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "aoss",
            "eu-west-1");
    java.util.Map<String, String> headers =
        signer.headers(
            "POST",
            URI.create("https://abc.eu-west-1.aoss.amazonaws.com/_bulk"),
            java.util.Map.of("Content-Encoding", "gzip"),
            body);
    assertThat(headers.get("x-amz-content-sha256"))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
  }

  @Test
  void refused_credentials_fail_the_invocation_at_once() {
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"forbidden\"}")));
    Shipper shipper = Shipper.create(config().build(), MetricLineListener.NONE);
    assertThatThrownBy(
            () ->
                shipper.ship(
                    envelope(payload(CloudWatchData.events("a", List.of("x")))),
                    Duration.ofSeconds(30)))
        .isInstanceOf(ShipperException.class)
        .hasMessageContaining("HTTP 403");
  }
}
