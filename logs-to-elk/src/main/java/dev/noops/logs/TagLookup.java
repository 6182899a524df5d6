package dev.noops.logs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The tags of a function ({@code lambda:ListTags}) and of its log group ({@code
 * logs:ListTagsForResource}) with the SDK's default chains for region, credentials and endpoint
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_LAMBDA}, {@code
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}); no SDK retries (the cache decides when to ask again) and
 * short timeouts, so a slow lookup costs little of the invocation.
 */
final class TagLookup {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final LambdaClient lambda;
  private final CloudWatchLogsClient logs;

  TagLookup(LambdaClient lambda, CloudWatchLogsClient logs) {
    this.lambda = lambda;
    this.logs = logs;
  }

  static TagLookup create() {
    return new TagLookup(
        LambdaClient.builder()
            .httpClient(http())
            .overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(TIMEOUT))
            .build(),
        CloudWatchLogsClient.builder()
            .httpClient(http())
            .overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(TIMEOUT))
            .build());
  }

  /**
   * The log group's tags, then the function's (a function tag wins over a log group tag of the same
   * key).
   */
  Map<String, String> tags(String account, String region, String logGroup) {
    Map<String, String> tags =
        new LinkedHashMap<>(
            logs.listTagsForResource(
                    r ->
                        r.resourceArn(
                            "arn:"
                                + partition(region)
                                + ":logs:"
                                + region
                                + ":"
                                + account
                                + ":log-group:"
                                + logGroup))
                .tags());
    if (logGroup.startsWith(TagEnricher.LAMBDA_GROUP)) {
      String function = logGroup.substring(TagEnricher.LAMBDA_GROUP.length());
      tags.putAll(
          lambda
              .listTags(
                  r ->
                      r.resource(
                          "arn:"
                              + partition(region)
                              + ":lambda:"
                              + region
                              + ":"
                              + account
                              + ":function:"
                              + function))
              .tags());
    }
    return tags;
  }

  private static String partition(String region) {
    return region.startsWith("cn-")
        ? "aws-cn"
        : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static UrlConnectionHttpClient http() {
    return (UrlConnectionHttpClient)
        UrlConnectionHttpClient.builder().connectionTimeout(TIMEOUT).socketTimeout(TIMEOUT).build();
  }
}
