package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.OpenSearchNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Index routing by tag against a real OpenSearch node, the tags from a scripted Lambda ({@code
 * ListTags}) and CloudWatch Logs ({@code ListTagsForResource}) endpoint through the enrichment's
 * own cached lookup: a tagged group gets its own indices and templates, a failed lookup falls back
 * to the name rules (counted), never failing delivery.
 */
class TagRoutingTest {
  private static final String LIST_LOG_TAGS = AwsWireMock.LOGS + ".ListTagsForResource";
  private static OpenSearchNode node;
  private static Cluster cluster;
  private AwsWireMock aws;
  private TagLookup lookup;

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start();
    cluster = new Cluster(node.httpUri());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void startAws() {
    aws = AwsWireMock.start();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
    lookup =
        new TagLookup(
            LambdaClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build(),
            CloudWatchLogsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    aws.stubJson(LIST_LOG_TAGS, Reply.ok(Map.of("tags", Map.of("owner", "logs-team"))));
  }

  @AfterEach
  void stopAws() {
    aws.close();
  }

  private void functionTags(String function, int status, String body) {
    aws.server()
        .stubFor(
            get(urlPathMatching("/2017-03-31/tags/.*function(:|%3A)" + function))
                .willReturn(
                    aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
  }

  private Shipper shipper(ShipperConfig config) {
    return new Shipper(
        config,
        new HttpTransport(
            HttpTransport.newClient(Duration.ofSeconds(5)), config.endpoint(), RequestSigner.NONE),
        MetricLineListener.NONE,
        lookup::tags);
  }

  private static ShipReport ship(Shipper shipper, String function, String idPrefix) {
    return shipper.ship(
        envelope(
            payload(
                "/aws/lambda/" + function,
                CloudWatchData.STREAM,
                CloudWatchData.events(idPrefix, List.of("hello from " + function)))),
        Duration.ofSeconds(30));
  }

  @Test
  void tagged_groups_go_to_their_prefix_and_a_failed_lookup_falls_back_to_the_name_rules() {
    functionTags("pay-api", 200, "{\"Tags\":{\"team\":\"payments\"}}");
    functionTags("pay-batch", 200, "{\"Tags\":{\"team\":\"payments-batch\"}}");
    functionTags("web", 200, "{\"Tags\":{\"team\":\"web\"}}");
    functionTags("broken", 500, "{\"message\":\"boom\"}");
    Shipper shipper =
        shipper(
            OpenSearchShippingTest.config(node.httpUri(), "tr-default")
                .indexTagRoutes("team=payments*=tr-pay; owner=nobody=tr-never")
                .indexRoutes("/aws/lambda/bro*=tr-name;/aws/lambda/pay-api=tr-name")
                .build());

    ShipReport pay = ship(shipper, "pay-api", "p");
    ShipReport batch = ship(shipper, "pay-batch", "b");
    ShipReport web = ship(shipper, "web", "w");
    ShipReport broken = ship(shipper, "broken", "x");
    ship(shipper, "pay-api", "q"); // from the cache: no second lookup

    assertThat(cluster.count("tr-pay-2020.03.27"))
        .as("tag rules before name rules: pay-api has a name rule too")
        .isEqualTo(3);
    assertThat(cluster.count("tr-default-2020.03.27")).isEqualTo(1);
    assertThat(cluster.count("tr-name-2020.03.27"))
        .as("the failed lookup falls back to the name rule")
        .isEqualTo(1);
    assertThat(List.of(pay, batch, web)).allSatisfy(r -> assertThat(r.untaggedRoutes()).isZero());
    assertThat(broken.untaggedRoutes()).isEqualTo(1);
    assertThat(broken.indexed()).isEqualTo(1);
    assertThat(cluster.source("tr-pay-*", "p-0").has("labels.team"))
        .as("routing alone adds no labels")
        .isFalse();
    aws.server().verify(1, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*pay-api")));
    for (String prefix : List.of("tr-default", "tr-pay", "tr-never", "tr-name")) {
      assertThat(cluster.get("/_index_template/" + prefix).path("index_templates").size())
          .as(prefix)
          .isEqualTo(1);
      assertThat(
              cluster.get("/_index_template/" + prefix + "-failed").path("index_templates").size())
          .as(prefix)
          .isEqualTo(1);
    }
  }

  @Test
  void with_enrichment_the_same_single_lookup_gives_labels_and_the_route() {
    functionTags("shop", 200, "{\"Tags\":{\"team\":\"payments\"}}");
    Shipper shipper =
        shipper(
            OpenSearchShippingTest.config(node.httpUri(), "te-default")
                .indexTagRoutes("owner=logs-team=te-logs")
                .enrichTags(true)
                .build());

    ship(shipper, "shop", "s");
    ship(shipper, "shop", "t");

    assertThat(cluster.count("te-logs-2020.03.27")).as("log group tag routes").isEqualTo(2);
    assertThat(cluster.source("te-logs-*", "s-0").get("labels.team").asText())
        .isEqualTo("payments");
    assertThat(aws.jsonRequests(LIST_LOG_TAGS)).hasSize(1);
    aws.server().verify(1, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*shop")));
  }

  @Test
  void a_tag_rule_that_cannot_be_read_is_a_startup_error_naming_it() {
    for (String bad : List.of("team=logs-x", "=payments=logs-x", "team==logs-x", "team=a=Logs X")) {
      assertThatThrownBy(
              () ->
                  ShipperConfig.fromEnvironment(
                      Map.of("ES_ENDPOINT", "https://x", "INDEX_TAG_ROUTES", bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "INDEX_TAG_ROUTES rule must be <tag key>=<tag value glob>=<lower-case index prefix>: "
                  + bad);
    }
  }
}
