package dev.noops.configlocal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.configapi.ConfigTableSchema;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCallException;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

/**
 * Creates the config table on the local emulator (in AWS the SAM template creates it), with {@link
 * ConfigTableSchema}.
 */
public final class LocalTable {
  /** The default table name, used by {@code noops local}. */
  public static final String DEFAULT_NAME = "noops-config";

  private static final Duration CREATION_WAIT = Duration.ofSeconds(30);
  private static final JsonFactory JSON = new JsonFactory();

  private LocalTable() {}

  /**
   * Creates the table {@code name} unless it exists (on-demand capacity) through the SDK client
   * {@code dynamo} (pointed at the emulator with an endpoint override): its endpoint, region and
   * credentials make the same calls as {@link #createIfAbsent(AwsJsonClient, String)}.
   */
  public static void createIfAbsent(DynamoDbClient dynamo, String name) {
    Objects.requireNonNull(dynamo, "dynamo == null");
    DynamoDbServiceClientConfiguration config = dynamo.serviceClientConfiguration();
    URI endpoint =
        config
            .endpointOverride()
            .orElseThrow(() -> new IllegalArgumentException("the client has no endpoint override"));
    AwsCredentialsIdentity identity = config.credentialsProvider().resolveIdentity().join();
    AwsCredentials credentials =
        new AwsCredentials(
            identity.accessKeyId(),
            identity.secretAccessKey(),
            identity instanceof AwsSessionCredentialsIdentity session
                ? session.sessionToken()
                : null);
    createIfAbsent(
        AwsJsonClient.builder()
            .signingName("dynamodb")
            .endpoint(endpoint)
            .region(config.region().id())
            .credentials(() -> credentials)
            .json("1.0", "DynamoDB_20120810")
            .build(),
        name);
  }

  /** Creates the table {@code name} unless it exists (on-demand capacity). */
  public static void createIfAbsent(AwsJsonClient dynamo, String name) {
    Objects.requireNonNull(dynamo, "dynamo == null");
    Objects.requireNonNull(name, "name == null");
    Deadline deadline = Deadline.after(CREATION_WAIT);
    if (status(dynamo, name, deadline) == null) {
      try {
        dynamo.call(
            "CreateTable",
            ConfigTableSchema.createTableJson(name).getBytes(StandardCharsets.UTF_8),
            deadline);
      } catch (AwsCallException e) {
        // another process created it between our describe and create: the same schema
        if (!e.is("ResourceInUseException")) {
          throw e;
        }
      }
    }
    while (!"ACTIVE".equals(status(dynamo, name, deadline))) {
      if (deadline.expired()) {
        throw new IllegalStateException("the table " + name + " did not become active");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the table " + name, e);
      }
    }
  }

  /** The table's status, null when it does not exist. */
  private static String status(AwsJsonClient dynamo, String name, Deadline deadline) {
    byte[] answer;
    try {
      answer = dynamo.call("DescribeTable", describeRequest(name), deadline);
    } catch (AwsCallException e) {
      if (e.is("ResourceNotFoundException")) {
        return null;
      }
      throw e;
    }
    try (JsonParser parser = JSON.createParser(answer)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME && "TableStatus".equals(parser.currentName())) {
          parser.nextToken();
          return parser.getText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("DescribeTable answered with malformed JSON", e);
    }
    return "UNKNOWN";
  }

  private static byte[] describeRequest(String name) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("TableName", name);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON into memory", e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
