package dev.noops.configapi;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The config table's schema, created by {@code noops local} and by tests (in AWS the SAM template creates the
 * table, so this class is left out of the Lambda artifact). One table: partition key {@code pk} (S, the config key), sort key
 * {@code sk} (N: 0 is the current item, 1..n the versions), and a sparse global secondary index
 * {@value ConfigStore#LIVE_INDEX} ({@code live} S, {@code pk} S, all attributes) that holds only keys that
 * exist, for prefix listing. The SAM template declares the same schema.
 */
public final class LocalTable {
  /** The default table name, used by {@code noops local}. */
  public static final String DEFAULT_NAME = "noops-config";


  private LocalTable() {}

  /** Creates the table {@code name} unless it exists (on-demand capacity). */
  public static void createIfAbsent(DynamoDbClient dynamo, String name) {
    Objects.requireNonNull(dynamo, "dynamo == null");
    Objects.requireNonNull(name, "name == null");
    try {
      dynamo.describeTable(b -> b.tableName(name));
      return;
    } catch (ResourceNotFoundException absent) {
      // create it below
    }
    try {
      dynamo.createTable(b -> b.tableName(name)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(key(Items.PK, KeyType.HASH), key(Items.SK, KeyType.RANGE))
          .attributeDefinitions(attribute(Items.PK, ScalarAttributeType.S), attribute(Items.SK, ScalarAttributeType.N),
              attribute(Items.LIVE, ScalarAttributeType.S))
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(ConfigStore.LIVE_INDEX)
              .keySchema(key(Items.LIVE, KeyType.HASH), key(Items.PK, KeyType.RANGE))
              .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
    } catch (ResourceInUseException createdMeanwhile) {
      // another process created it between our describe and create: the same schema
    }
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }
}
