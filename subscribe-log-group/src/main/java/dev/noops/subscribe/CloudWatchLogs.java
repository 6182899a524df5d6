package dev.noops.subscribe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.Deadline;
import dev.noops.support.JsonObjects;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.support.aws.FunctionCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The CloudWatch Logs operations the subscriber makes (AWS JSON 1.1, {@code Logs_20140328}), each
 * one attempt: {@link PacedLogs} paces and retries every attempt itself. Requests are written and
 * answers read with jackson-core's streaming API, no data binding. Failures throw {@link
 * dev.noops.support.aws.AwsCallException} with the service's error code.
 */
public final class CloudWatchLogs {
  private final AwsJsonClient client;

  CloudWatchLogs(AwsJsonClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
  }

  /**
   * The client of this process's configuration: region ({@code AWS_REGION} or {@code aws.region}),
   * endpoint ({@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}, {@code AWS_ENDPOINT_URL} or their {@code
   * aws.endpointUrl*} properties, else the regional one) and credentials ({@link
   * FunctionCredentials}).
   */
  public static CloudWatchLogs fromSystem() {
    return create(
        AwsJsonClient.forService(
            "logs",
            "CloudWatch Logs",
            AwsEndpoints.fromSystem(),
            FunctionCredentials.fromSystem()));
  }

  /** The client of one endpoint and region. */
  static CloudWatchLogs create(URI endpoint, String region, Supplier<AwsCredentials> credentials) {
    return create(AwsJsonClient.forService("logs", endpoint, region, credentials));
  }

  private static CloudWatchLogs create(AwsJsonClient.Builder logs) {
    return new CloudWatchLogs(
        logs.json("1.1", "Logs_20140328")
            .maxAttempts(1)
            .attemptTimeout(PacedLogs.ATTEMPT_TIMEOUT)
            .build());
  }

  /** The endpoint the calls go to. */
  URI endpoint() {
    return client.endpoint();
  }

  /** One page of a listing. */
  record Page<T>(List<T> items, String nextToken) {}

  Page<LogGroupInfo> describeLogGroups(
      String prefix, int limit, String nextToken, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              if (prefix != null) {
                g.writeStringField("logGroupNamePrefix", prefix);
              }
              g.writeNumberField("limit", limit);
              writeIfSet(g, "nextToken", nextToken);
            });
    return readPage(
        client.call("DescribeLogGroups", body, deadline), "logGroups", CloudWatchLogs::logGroup);
  }

  /** One of DescribeLogGroups' {@code logGroups}; null (left out) without a name. */
  private static LogGroupInfo logGroup(JsonParser p) throws IOException {
    String name = null;
    String logGroupArn = null;
    String arn = null;
    Integer retention = null;
    while (JsonObjects.nextField(p)) {
      switch (p.currentName()) {
        case "logGroupName" -> name = p.getValueAsString();
        case "logGroupArn" -> logGroupArn = p.getValueAsString();
        case "arn" -> arn = p.getValueAsString();
        case "retentionInDays" ->
            retention = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
        default -> p.skipChildren();
      }
    }
    return name == null ? null : LogGroupInfo.of(name, logGroupArn, arn, retention);
  }

  Page<SubscriptionFilter> describeSubscriptionFilters(
      String group, String nextToken, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("logGroupName", group);
              writeIfSet(g, "nextToken", nextToken);
            });
    return readPage(
        client.call("DescribeSubscriptionFilters", body, deadline),
        "subscriptionFilters",
        CloudWatchLogs::subscriptionFilter);
  }

  /** One of DescribeSubscriptionFilters' {@code subscriptionFilters}. */
  private static SubscriptionFilter subscriptionFilter(JsonParser p) throws IOException {
    String filterName = null;
    String destinationArn = null;
    String filterPattern = null;
    String roleArn = null;
    String distribution = null;
    while (JsonObjects.nextField(p)) {
      switch (p.currentName()) {
        case "filterName" -> filterName = p.getValueAsString();
        case "destinationArn" -> destinationArn = p.getValueAsString();
        case "filterPattern" -> filterPattern = p.getValueAsString();
        case "roleArn" -> roleArn = p.getValueAsString();
        case "distribution" -> distribution = p.getValueAsString();
        default -> p.skipChildren();
      }
    }
    return new SubscriptionFilter(filterName, destinationArn, filterPattern, roleArn, distribution);
  }

  void putSubscriptionFilter(FilterRequest request, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("logGroupName", request.logGroupName());
              g.writeStringField("filterName", request.filterName());
              g.writeStringField("filterPattern", request.filterPattern());
              g.writeStringField("destinationArn", request.destinationArn());
              writeIfSet(g, "roleArn", request.roleArn());
              writeIfSet(g, "distribution", request.distribution());
            });
    client.call("PutSubscriptionFilter", body, deadline);
  }

  void deleteSubscriptionFilter(String group, String filterName, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("logGroupName", group);
              g.writeStringField("filterName", filterName);
            });
    client.call("DeleteSubscriptionFilter", body, deadline);
  }

  void putRetentionPolicy(String group, int days, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("logGroupName", group);
              g.writeNumberField("retentionInDays", days);
            });
    client.call("PutRetentionPolicy", body, deadline);
  }

  Map<String, String> listTagsForResource(String arn, Deadline deadline) {
    byte[] body = JsonObjects.write(g -> g.writeStringField("resourceArn", arn));
    return read(
        client.call("ListTagsForResource", body, deadline),
        p -> {
          Map<String, String> tags = new LinkedHashMap<>();
          while (JsonObjects.nextField(p)) {
            if (p.currentName().equals("tags") && p.currentToken() == JsonToken.START_OBJECT) {
              while (JsonObjects.nextField(p)) {
                tags.put(p.currentName(), p.getValueAsString());
              }
            } else {
              p.skipChildren();
            }
          }
          return tags;
        },
        new LinkedHashMap<>());
  }

  Page<DescribedPolicy> describeAccountPolicies(
      String policyType, String nextToken, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("policyType", policyType);
              writeIfSet(g, "nextToken", nextToken);
            });
    return readPage(
        client.call("DescribeAccountPolicies", body, deadline),
        "accountPolicies",
        CloudWatchLogs::describedPolicy);
  }

  /** One of DescribeAccountPolicies' {@code accountPolicies}. */
  private static DescribedPolicy describedPolicy(JsonParser p) throws IOException {
    String policyName = null;
    String policyDocument = null;
    String selectionCriteria = null;
    while (JsonObjects.nextField(p)) {
      switch (p.currentName()) {
        case "policyName" -> policyName = p.getValueAsString();
        case "policyDocument" -> policyDocument = p.getValueAsString();
        case "selectionCriteria" -> selectionCriteria = p.getValueAsString();
        default -> p.skipChildren();
      }
    }
    return new DescribedPolicy(policyName, policyDocument, selectionCriteria);
  }

  void putAccountPolicy(AccountPolicy policy, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("policyName", policy.policyName());
              g.writeStringField("policyDocument", policy.policyDocument());
              g.writeStringField("policyType", AccountPolicy.POLICY_TYPE);
              writeIfSet(g, "selectionCriteria", policy.selectionCriteria());
              g.writeStringField("scope", AccountPolicy.SCOPE);
            });
    client.call("PutAccountPolicy", body, deadline);
  }

  void deleteAccountPolicy(String name, String policyType, Deadline deadline) {
    byte[] body =
        JsonObjects.write(
            g -> {
              g.writeStringField("policyName", name);
              g.writeStringField("policyType", policyType);
            });
    client.call("DeleteAccountPolicy", body, deadline);
  }

  // ---- JSON ---------------------------------------------------------------------------------

  /** Reads what the parser is on: an answer's object, or one item of a listing. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /**
   * Reads a page: each object of the array {@code items} that {@code item} reads (null: left out),
   * and the {@code nextToken}, null when absent or empty.
   */
  private static <T> Page<T> readPage(byte[] answer, String items, Reader<T> item) {
    return read(
        answer,
        p -> {
          List<T> read = new ArrayList<>();
          String next = null;
          while (JsonObjects.nextField(p)) {
            String name = p.currentName();
            if (name.equals(items) && p.currentToken() == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                T one = item.read(p);
                if (one != null) {
                  read.add(one);
                }
              }
            } else if (name.equals("nextToken")) {
              next = p.getValueAsString();
            } else {
              p.skipChildren();
            }
          }
          return new Page<>(read, next == null || next.isEmpty() ? null : next);
        },
        new Page<>(new ArrayList<>(), null));
  }

  /**
   * What {@code reader} reads of the answer's object, the parser on its {@code START_OBJECT};
   * {@code none} when the answer is empty or not an object.
   */
  private static <T> T read(byte[] answer, Reader<T> reader, T none) {
    if (answer.length == 0) {
      return none;
    }
    try (JsonParser p = JsonObjects.parser(answer)) {
      return p.nextToken() == JsonToken.START_OBJECT ? reader.read(p) : none;
    } catch (IOException e) {
      throw new UncheckedIOException("CloudWatch Logs answered with JSON it cannot read", e);
    }
  }
}
