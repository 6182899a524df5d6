package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.configapi.ConfigTableSchema;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class LocalTableTest {
  @Test
  void creates_the_schema_once_through_either_client_and_leaves_an_existing_table_alone() {
    try (Dynamo dynamo = new Dynamo()) {
      String name = "config-" + UUID.randomUUID();

      LocalTable.createIfAbsent(dynamo.client, name);
      dynamo.client.putItem(
          b ->
              b.tableName(name)
                  .item(
                      java.util.Map.of(
                          "pk",
                          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("/a"),
                          "sk",
                          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                              "0"))));
      LocalTable.createIfAbsent(dynamo.json, name);
      LocalTable.createIfAbsent(dynamo.client, name);

      TableDescription table = dynamo.client.describeTable(b -> b.tableName(name)).table();
      assertThat(table.keySchema())
          .extracting(k -> k.attributeName() + ":" + k.keyType())
          .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
      assertThat(table.globalSecondaryIndexes())
          .singleElement()
          .satisfies(
              index -> {
                assertThat(index.indexName()).isEqualTo(ConfigTableSchema.LIVE_INDEX);
                assertThat(index.keySchema())
                    .extracting(k -> k.attributeName() + ":" + k.keyType())
                    .containsExactly("live:" + KeyType.HASH, "pk:" + KeyType.RANGE);
              });
      assertThat(dynamo.itemCount(name)).as("the existing table was kept").isEqualTo(1);
    }
  }
}
