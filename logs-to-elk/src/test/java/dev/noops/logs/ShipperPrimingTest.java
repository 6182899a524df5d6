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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.noops.metrics.MetricsFromLogs;
import dev.noops.testsupport.AwsWireMock;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The SnapStart hook warms the shipper without a request to the cluster or to CloudWatch; shipping
 * works after.
 */
class ShipperPrimingTest {
  private static final String OK_ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"p-0\",\"status\":201}}]}";
  private WireMockServer cluster;
  private AwsWireMock aws;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void start() {
    cluster = new WireMockServer(options().dynamicPort());
    cluster.start();
    cluster.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM)));
    aws = AwsWireMock.start();
    aws.stubCbor(AwsWireMock.CLOUDWATCH, "PutMetricData", AwsWireMock.Reply.ok());
    cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    cloudWatch.close();
    aws.close();
    cluster.stop();
  }

  private MetricsListener metrics() {
    return new MetricsListener(
        MetricsFromLogs.builder().namespace("noops-test").cloudWatch(cloudWatch).build());
  }

  private ShipperConfig.Builder config() {
    return OpenSearchShippingTest.config(URI.create(cluster.baseUrl()), "priming");
  }

  private static byte[] oneEvent() {
    return envelope(payload(CloudWatchData.events("p", List.of("order 4711 served"))));
  }

  @Test
  void
      before_checkpoint_calls_neither_the_cluster_nor_cloudwatch_and_the_handler_ships_after_restore() {
    MetricsListener metrics = metrics();
    ShipperHandler handler = new ShipperHandler(Shipper.create(config().build(), metrics), metrics);

    handler.priming().beforeCheckpoint(null);
    handler.priming().afterRestore(null);

    assertThat(cluster.getAllServeEvents()).as("requests to the cluster while priming").isEmpty();
    assertThat(aws.server().getAllServeEvents())
        .as("requests to CloudWatch while priming")
        .isEmpty();
    String answer = OpenSearchShippingTest.invoke(handler, oneEvent(), 30);
    assertThat(answer)
        .isEqualTo(
            "{\"events\":1,\"indexed\":1,\"deadLettered\":0,\"invalidInputs\":0,\"dropped\":0,"
                + "\"redacted\":0,\"untaggedRoutes\":0,\"metricsUnpublished\":0}");
    assertThat(cluster.findAll(postRequestedFor(urlPathEqualTo("/_bulk")))).hasSize(1);
    assertThat(aws.server().getAllServeEvents()).as("priming left no metrics to publish").isEmpty();
  }

  @Test
  void a_sigv4_shipper_signs_with_its_own_credentials_after_priming_with_placeholder_ones() {
    ShipperConfig config = config().auth(ShipperConfig.Auth.AWS_SIGV4).awsService("es").build();
    SigV4Signer signer =
        new SigV4Signer(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDREAL", "real-secret")),
            "es",
            "eu-west-1");
    Shipper shipper =
        new Shipper(
            config,
            new HttpTransport(
                HttpTransport.newClient(config.connectTimeout()), config.endpoint(), signer),
            MetricLineListener.NONE);
    ShipperHandler handler = new ShipperHandler(shipper);

    handler.priming().beforeCheckpoint(null);
    handler.priming().afterRestore(null);

    assertThat(cluster.getAllServeEvents()).isEmpty();
    OpenSearchShippingTest.invoke(handler, oneEvent(), 30);
    LoggedRequest bulk = cluster.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))).get(0);
    assertThat(bulk.getHeader("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDREAL/")
        .doesNotContain("PRIMING");
  }

  @Test
  void the_priming_sample_is_valid_cloudwatch_logs_data_of_five_documents() {
    Shipper shipper = Shipper.create(config().build(), MetricLineListener.NONE);
    java.io.ByteArrayOutputStream bulk = new java.io.ByteArrayOutputStream();

    List<String> invalid = shipper.render(PrimingSample.event(), bulk);

    assertThat(invalid).isEmpty();
    assertThat(bulk.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
        .hasSize(10)
        .as("the JSON application line is parsed as JSON")
        .anySatisfy(
            line ->
                assertThat(line).contains("\"message\":\"order served\",\"log.level\":\"INFO\""));
  }
}
