package dev.noops.subscribe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.support.aws.FunctionCredentials;
import java.io.ByteArrayOutputStream;
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
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

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
        write(
            g -> {
              if (prefix != null) {
                g.writeStringField("logGroupNamePrefix", prefix);
              }
              g.writeNumberField("limit", limit);
              writeIfSet(g, "nextToken", nextToken);
            });
    List<LogGroupInfo> groups = new ArrayList<>();
    String next =
        readPage(
            client.call("DescribeLogGroups", body, deadline),
            "logGroups",
            p -> {
              String[] text = new String[3];
              Integer[] retention = {null};
              readObject(
                  p,
                  name -> {
                    switch (name) {
                      case "logGroupName" -> text[0] = p.getValueAsString();
                      case "logGroupArn" -> text[1] = p.getValueAsString();
                      case "arn" -> text[2] = p.getValueAsString();
                      case "retentionInDays" ->
                          retention[0] =
                              p.currentToken() == JsonToken.VALUE_NUMBER_INT
                                  ? p.getIntValue()
                                  : null;
                      default -> p.skipChildren();
                    }
                  });
              if (text[0] != null) {
                groups.add(LogGroupInfo.of(text[0], text[1], text[2], retention[0]));
              }
            });
    return new Page<>(groups, next);
  }

  Page<SubscriptionFilter> describeSubscriptionFilters(
      String group, String nextToken, Deadline deadline) {
    byte[] body =
        write(
            g -> {
              g.writeStringField("logGroupName", group);
              writeIfSet(g, "nextToken", nextToken);
            });
    List<SubscriptionFilter> filters = new ArrayList<>();
    String next =
        readPage(
            client.call("DescribeSubscriptionFilters", body, deadline),
            "subscriptionFilters",
            p -> {
              String[] f = new String[5];
              readObject(
                  p,
                  name -> {
                    int i =
                        switch (name) {
                          case "filterName" -> 0;
                          case "destinationArn" -> 1;
                          case "filterPattern" -> 2;
                          case "roleArn" -> 3;
                          case "distribution" -> 4;
                          default -> -1;
                        };
                    if (i < 0) {
                      p.skipChildren();
                    } else {
                      f[i] = p.getValueAsString();
                    }
                  });
              filters.add(new SubscriptionFilter(f[0], f[1], f[2], f[3], f[4]));
            });
    return new Page<>(filters, next);
  }

  void putSubscriptionFilter(FilterRequest request, Deadline deadline) {
    byte[] body =
        write(
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
        write(
            g -> {
              g.writeStringField("logGroupName", group);
              g.writeStringField("filterName", filterName);
            });
    client.call("DeleteSubscriptionFilter", body, deadline);
  }

  void putRetentionPolicy(String group, int days, Deadline deadline) {
    byte[] body =
        write(
            g -> {
              g.writeStringField("logGroupName", group);
              g.writeNumberField("retentionInDays", days);
            });
    client.call("PutRetentionPolicy", body, deadline);
  }

  Map<String, String> listTagsForResource(String arn, Deadline deadline) {
    byte[] body = write(g -> g.writeStringField("resourceArn", arn));
    Map<String, String> tags = new LinkedHashMap<>();
    byte[] answer = client.call("ListTagsForResource", body, deadline);
    read(
        answer,
        p ->
            readObject(
                p,
                name -> {
                  if (name.equals("tags") && p.currentToken() == JsonToken.START_OBJECT) {
                    readObject(p, key -> tags.put(key, p.getValueAsString()));
                  } else {
                    p.skipChildren();
                  }
                }));
    return tags;
  }

  Page<DescribedPolicy> describeAccountPolicies(
      String policyType, String nextToken, Deadline deadline) {
    byte[] body =
        write(
            g -> {
              g.writeStringField("policyType", policyType);
              writeIfSet(g, "nextToken", nextToken);
            });
    List<DescribedPolicy> policies = new ArrayList<>();
    String next =
        readPage(
            client.call("DescribeAccountPolicies", body, deadline),
            "accountPolicies",
            p -> {
              String[] f = new String[3];
              readObject(
                  p,
                  name -> {
                    int i =
                        switch (name) {
                          case "policyName" -> 0;
                          case "policyDocument" -> 1;
                          case "selectionCriteria" -> 2;
                          default -> -1;
                        };
                    if (i < 0) {
                      p.skipChildren();
                    } else {
                      f[i] = p.getValueAsString();
                    }
                  });
              policies.add(new DescribedPolicy(f[0], f[1], f[2]));
            });
    return new Page<>(policies, next);
  }

  void putAccountPolicy(AccountPolicy policy, Deadline deadline) {
    byte[] body =
        write(
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
        write(
            g -> {
              g.writeStringField("policyName", name);
              g.writeStringField("policyType", policyType);
            });
    client.call("DeleteAccountPolicy", body, deadline);
  }

  // ---- JSON ---------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  @FunctionalInterface
  private interface Reader {
    void read(JsonParser p) throws IOException;
  }

  @FunctionalInterface
  private interface FieldReader {
    /** Reads the value of field {@code name}; the parser is on the value's first token. */
    void field(String name) throws IOException;
  }

  private static byte[] write(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = out.toByteArray();
    return body.length == 2 ? EMPTY_OBJECT : body;
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /**
   * Reads a page: each object of the array {@code items} goes to {@code item}; returns the {@code
   * nextToken}, null when absent or empty.
   */
  private static String readPage(byte[] answer, String items, Reader item) {
    String[] next = {null};
    read(
        answer,
        p ->
            readObject(
                p,
                name -> {
                  if (name.equals(items) && p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                      item.read(p);
                    }
                  } else if (name.equals("nextToken")) {
                    next[0] = p.getValueAsString();
                  } else {
                    p.skipChildren();
                  }
                }));
    return next[0] == null || next[0].isEmpty() ? null : next[0];
  }

  private static void read(byte[] answer, Reader reader) {
    if (answer.length == 0) {
      return;
    }
    try (JsonParser p = JSON.createParser(answer)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        reader.read(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CloudWatch Logs answered with JSON it cannot read", e);
    }
  }

  /** Reads the fields of the object whose START_OBJECT the parser is on, to its END_OBJECT. */
  private static void readObject(JsonParser p, FieldReader field) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      field.field(name);
    }
  }
}
