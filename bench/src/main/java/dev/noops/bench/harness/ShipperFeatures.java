package dev.noops.bench.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.noops.logs.ShipperConfig;
import dev.noops.testsupport.AwsWireMock;
import java.util.Map;

/**
 * The shipper's optional features (issue 13), all on, for the bench's off/on comparisons: tag
 * enrichment with a cached lookup against an in-process scripted Lambda / CloudWatch Logs endpoint
 * (three tags per function), routing by tag and by name, filtering and every redaction rule. The
 * filter and routes are chosen so every event is still indexed (same documents in both runs): the
 * cost measured is the features' own work.
 */
final class ShipperFeatures {
  private ShipperFeatures() {}

  /** {@code builder} with every feature on; tag routes and name routes go to {@code prefix-*}. */
  static ShipperConfig.Builder allOn(ShipperConfig.Builder builder, String prefix) {
    return on(builder, prefix, "tags,routes,filter,redact");
  }

  /**
   * {@code builder} with the features listed in {@code features} on ({@code all}, or a comma list
   * of {@code tags}, {@code routes}, {@code filter}, {@code redact}).
   */
  static ShipperConfig.Builder on(ShipperConfig.Builder builder, String prefix, String features) {
    java.util.Set<String> on =
        java.util.Set.of(
            (features.equals("all") ? "tags,routes,filter,redact" : features).split(","));
    if (on.contains("filter")) {
      builder.filter(null, "GET /health", "DEBUG");
    }
    if (on.contains("redact")) {
      builder.redact("all", "cust-[0-9]{4}");
    }
    if (on.contains("routes")) {
      builder
          .indexTagRoutes("team=payments=" + prefix + "-payments")
          .indexRoutes("/aws/lambda/stock-*=" + prefix + "-stock");
    }
    return builder.enrichTags(on.contains("tags"));
  }

  /**
   * Starts the scripted tagging endpoint and points the AWS SDK at it (system properties: endpoint,
   * region, placeholder credentials).
   */
  static AwsWireMock taggingEndpoint() {
    AwsWireMock aws = AwsWireMock.start();
    aws.stubJson(
        AwsWireMock.LOGS + ".ListTagsForResource",
        AwsWireMock.Reply.ok(Map.of("tags", Map.of("owner", "logs-team"))));
    aws.server()
        .stubFor(
            get(urlPathMatching("/2017-03-31/tags/.*payments.*"))
                .willReturn(okJson("{\"Tags\":{\"team\":\"payments\",\"env\":\"prod\"}}")));
    aws.server()
        .stubFor(
            get(urlPathMatching("/2017-03-31/tags/.*"))
                .atPriority(10)
                .willReturn(okJson("{\"Tags\":{\"team\":\"shop\",\"env\":\"prod\"}}")));
    System.setProperty("aws.endpointUrl", aws.endpoint().toString());
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "bench");
    System.setProperty("aws.secretAccessKey", "bench");
    return aws;
  }
}
