package dev.noops.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbEmulatorTest {

  @Test
  void serves_a_put_and_a_get_through_the_sdk_and_stops() {
    DynamoDbEmulator ddb = DynamoDbEmulator.inMemory();
    try (DynamoDbClient client = clientFor(ddb)) {
      createTable(client);
      client.putItem(b -> b.tableName("things").item(Map.of("pk", s("a"), "v", s("1"))));

      assertThat(client.getItem(b -> b.tableName("things").key(Map.of("pk", s("a")))).item())
          .containsEntry("v", s("1"));
    } finally {
      ddb.close();
    }
    assertThat(ddb.isRunning()).isFalse();
    assertThat(accepts(ddb.port())).as("port released").isFalse();
  }

  @Test
  void honours_condition_expressions_as_dynamodb_does() {
    try (DynamoDbEmulator ddb = DynamoDbEmulator.inMemory();
        DynamoDbClient client = clientFor(ddb)) {
      createTable(client);
      client.putItem(b -> b.tableName("things").item(Map.of("pk", s("a"))));

      assertThatThrownBy(
              () ->
                  client.putItem(
                      b ->
                          b.tableName("things")
                              .item(Map.of("pk", s("a")))
                              .conditionExpression("attribute_not_exists(pk)")))
          .isInstanceOf(ConditionalCheckFailedException.class);
    }
  }

  @Test
  void keeps_tables_across_restarts_when_persistent(@TempDir Path dir) {
    Path file = dir.resolve("config.db");
    try (DynamoDbEmulator ddb = DynamoDbEmulator.persistentAt(file);
        DynamoDbClient client = clientFor(ddb)) {
      createTable(client);
      client.putItem(b -> b.tableName("things").item(Map.of("pk", s("kept"))));
    }
    try (DynamoDbEmulator ddb = DynamoDbEmulator.persistentAt(file);
        DynamoDbClient client = clientFor(ddb)) {
      assertThat(client.getItem(b -> b.tableName("things").key(Map.of("pk", s("kept")))).hasItem())
          .isTrue();
    }
  }

  static DynamoDbClient clientFor(DynamoDbEmulator ddb) {
    return DynamoDbClient.builder()
        .endpointOverride(ddb.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void createTable(DynamoDbClient client) {
    client.createTable(
        b ->
            b.tableName("things")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
