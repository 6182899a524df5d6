package dev.noops.configapi;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table the API reads and writes, as a {@code CreateTable} request (in AWS the SAM template
 * declares the same schema; {@code noops local} and tests create it from here). One table:
 * partition key {@code pk} (S, the config key), sort key {@code sk} (N: 0 is the current item, 1..n
 * the versions), and a sparse global secondary index {@code live-keys} ({@code live} S, {@code pk}
 * S, all attributes) holding only keys that exist, for prefix listing.
 */
public final class ConfigTableSchema {
  private ConfigTableSchema() {}

  /** The request that creates the config table {@code tableName} with on-demand capacity. */
  public static CreateTableRequest createTableRequest(String tableName) {
    Objects.requireNonNull(tableName, "tableName == null");
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(key(Items.PK, KeyType.HASH), key(Items.SK, KeyType.RANGE))
        .attributeDefinitions(
            attribute(Items.PK, ScalarAttributeType.S),
            attribute(Items.SK, ScalarAttributeType.N),
            attribute(Items.LIVE, ScalarAttributeType.S))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(ConfigStore.LIVE_INDEX)
                .keySchema(key(Items.LIVE, KeyType.HASH), key(Items.PK, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build())
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }
}
