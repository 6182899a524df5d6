package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
 * Tags as labels from a scripted Lambda / CloudWatch Logs endpoint: cached, rate-bounded, and never
 * in the way of delivery.
 */
class TagEnricherTest {
  private static final String LIST_LOG_TAGS = AwsWireMock.LOGS + ".ListTagsForResource";
  private static final LogContext PAY =
      new LogContext("123456789012", "eu-west-1", "/aws/lambda/pay-api", "s");
  private AwsWireMock aws;
  private TagLookup lookup;
  private Instant now = Instant.parse("2026-12-02T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  @BeforeEach
  void start() {
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
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private void functionTags(int status, String body) {
    aws.server()
        .stubFor(
            get(urlPathMatching("/2017-03-31/tags/.*"))
                .willReturn(
                    aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
  }

  private TagEnricher enricher(int perMinute) {
    return new TagEnricher(lookup::tags, Duration.ofMinutes(5), perMinute, clock);
  }

  @Test
  void function_and_log_group_tags_become_labels_looked_up_once_per_ttl() {
    aws.stubJson(
        LIST_LOG_TAGS, Reply.ok(Map.of("tags", Map.of("team", "logs-team", "cost.center", "42"))));
    functionTags(
        200, "{\"Tags\":{\"team\":\"payments\",\"aws:cloudformation:stack-name\":\"shop\"}}");
    TagEnricher tags = enricher(60);

    Map<String, String> labels = tags.labels(PAY);
    assertThat(labels)
        .containsEntry("team", "payments")
        .containsEntry("cost_center", "42")
        .containsEntry("aws:cloudformation:stack-name", "shop")
        .hasSize(3);
    assertThat(aws.jsonRequests(LIST_LOG_TAGS))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.get("resourceArn").asText())
                    .isEqualTo(
                        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/pay-api"));
    aws.server()
        .verify(1, getRequestedFor(urlPathMatching("/2017-03-31/tags/arn.*function.*pay-api")));

    now = now.plus(Duration.ofMinutes(4));
    assertThat(tags.labels(PAY)).isEqualTo(labels);
    assertThat(aws.jsonRequests(LIST_LOG_TAGS)).hasSize(1);
    now = now.plus(Duration.ofMinutes(2));
    tags.labels(PAY);
    assertThat(aws.jsonRequests(LIST_LOG_TAGS)).as("looked up again after the TTL").hasSize(2);
  }

  @Test
  void a_failed_lookup_gives_no_labels_and_is_retried_only_after_a_tenth_of_the_ttl() {
    aws.stubJson(LIST_LOG_TAGS, Reply.error(400, "ThrottlingException", "Rate exceeded"));
    functionTags(200, "{\"Tags\":{}}");
    TagEnricher tags = enricher(60);

    assertThat(tags.labels(PAY)).isEmpty();
    assertThat(tags.labels(PAY)).isEmpty();
    assertThat(aws.jsonRequests(LIST_LOG_TAGS)).hasSize(1);
    now = now.plus(Duration.ofSeconds(31));
    aws.stubJson(LIST_LOG_TAGS, Reply.ok(Map.of("tags", Map.of("team", "a"))));
    assertThat(tags.labels(PAY)).containsEntry("team", "a");

    functionTags(500, "{\"message\":\"boom\"}");
    now = now.plus(Duration.ofMinutes(6));
    assertThat(tags.labels(PAY)).as("a 5xx is a failed lookup too").isEmpty();
  }

  @Test
  void lookups_per_minute_are_bounded_and_other_groups_wait_for_the_next_minute() {
    aws.stubJson(LIST_LOG_TAGS, Reply.ok(Map.of("tags", Map.of("team", "t"))));
    functionTags(200, "{\"Tags\":{}}");
    TagEnricher tags = enricher(2);
    for (int i = 0; i < 5; i++) {
      tags.labels(new LogContext("123456789012", "eu-west-1", "/aws/lambda/fn-" + i, "s"));
    }
    assertThat(aws.jsonRequests(LIST_LOG_TAGS)).hasSize(2);
    assertThat(tags.labels(new LogContext("123456789012", "eu-west-1", "/aws/lambda/fn-4", "s")))
        .isEmpty();
    now = now.plus(Duration.ofMinutes(1));
    assertThat(tags.labels(new LogContext("123456789012", "eu-west-1", "/aws/lambda/fn-4", "s")))
        .containsEntry("team", "t");
  }

  @Test
  void non_lambda_groups_ask_only_for_log_group_tags_and_at_most_twenty_labels_are_kept() {
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      many.put("k" + i, "v");
    }
    aws.stubJson(LIST_LOG_TAGS, Reply.ok(Map.of("tags", many)));
    assertThat(enricher(60).labels(new LogContext("123456789012", "eu-west-1", "/ecs/web", "s")))
        .hasSize(TagEnricher.MAX_TAGS);
    aws.server().verify(0, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
  }

  @Test
  void enrichment_is_off_by_default() {
    ShipperConfig config =
        ShipperConfig.builder().endpoint(java.net.URI.create("http://x")).build();
    assertThat(config.newTagEnricher(lookup::tags).active()).isFalse();
    assertThat(
            ShipperConfig.fromEnvironment(Map.of("ES_ENDPOINT", "https://x", "TAGS_ENRICH", "true"))
                .newTagEnricher(lookup::tags)
                .active())
        .isTrue();
  }
}
