package dev.noops.configlocal;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.support.aws.AwsJsonClient;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A real DynamoDB emulator for a test class, and a fresh config table per test. */
final class Dynamo implements AutoCloseable {
  final DynamoDbEmulator emulator = DynamoDbEmulator.inMemory();
  final DynamoDbClient client =
      DynamoDbClient.builder()
          .endpointOverride(emulator.endpoint())
          .region(Region.EU_WEST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .httpClient(UrlConnectionHttpClient.create())
          .build();

  final AwsJsonClient json = LocalDynamo.client(emulator.endpoint());

  String newTable() {
    String name = "config-" + UUID.randomUUID();
    LocalTable.createIfAbsent(json, name);
    return name;
  }

  /**
   * How many items the table holds (current and version items): a rejected request must not change
   * it.
   */
  int itemCount(String table) {
    return client.scan(b -> b.tableName(table)).count();
  }

  @Override
  public void close() {
    client.close();
    emulator.close();
  }
}
