package dev.noops.configlocal;

import dev.noops.configapi.ConfigTableSchema;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Creates the config table on the local emulator (in AWS the SAM template creates it), with {@link
 * ConfigTableSchema}.
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
      dynamo.createTable(ConfigTableSchema.createTableRequest(name));
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
    } catch (ResourceInUseException createdMeanwhile) {
      // another process created it between our describe and create: the same schema
    }
  }
}
