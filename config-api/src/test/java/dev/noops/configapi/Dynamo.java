package dev.noops.configapi;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB emulator for a test class, and a fresh config table per test: {@link #api} is
 * what the store calls it through, {@link #client} the SDK's client, to read tables back
 * independently.
 */
final class Dynamo implements AutoCloseable {
  final DynamoDbEmulator emulator = DynamoDbEmulator.inMemory();
  final AwsJsonClient json = jsonClient(emulator.endpoint());
  final DynamoDb api = new DynamoDb(json, ConfigApiHandler.CALL_TIMEOUT);
  final DynamoDbClient client =
      DynamoDbClient.builder()
          .endpointOverride(emulator.endpoint())
          .region(Region.EU_WEST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .httpClient(UrlConnectionHttpClient.create())
          .build();

  String newTable() {
    String name = "config-" + UUID.randomUUID();
    json.call(
        "CreateTable",
        ConfigTableSchema.createTableJson(name).getBytes(StandardCharsets.UTF_8),
        Deadline.none());
    client.waiter().waitUntilTableExists(b -> b.tableName(name));
    return name;
  }

  /**
   * How many items the table holds (current and version items): a rejected request must not change
   * it.
   */
  int itemCount(String table) {
    return client.scan(b -> b.tableName(table)).count();
  }

  /** A DynamoDB JSON client of {@code endpoint}, as the handler builds it. */
  static AwsJsonClient jsonClient(URI endpoint) {
    AwsCredentials credentials = new AwsCredentials("test", "test", null);
    return DynamoDb.client(
        new AwsEndpoints(
            Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_DYNAMODB", endpoint.toString()),
            new Properties()),
        () -> credentials,
        ConfigApiHandler.CALL_TIMEOUT);
  }

  @Override
  public void close() {
    client.close();
    emulator.close();
  }
}
