package dev.noops.configapi;

import static dev.noops.configapi.Items.CURRENT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The config table in DynamoDB. A write puts the current item and the new version item in one
 * transaction, conditional on the version the writer read, so two writers can never both win.
 */
final class ConfigStore {
  /** The sparse index of the keys that exist (current items only), for prefix listing. */
  static final String LIVE_INDEX = "live-keys";

  static final int MAX_BATCH = 100;
  private static final int BATCH_ATTEMPTS = 5;

  private final DynamoDbClient dynamo;
  private final String table;

  ConfigStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
    this.table = Objects.requireNonNull(table, "table == null");
  }

  /** The current entry (possibly a deletion), read consistently. */
  Optional<ConfigEntry> current(String key) {
    return entryAt(key, CURRENT);
  }

  /** Version {@code version} of {@code key}. */
  Optional<ConfigEntry> version(String key, long version) {
    return entryAt(key, version);
  }

  /**
   * Makes {@code next} the current entry, provided the current one is still {@code previous} (null:
   * none exists). Returns false, writing nothing, when another writer got there first.
   */
  boolean commit(ConfigEntry previous, ConfigEntry next) {
    Put.Builder current = Put.builder().tableName(table).item(Items.toItem(next, CURRENT));
    if (previous == null) {
      current.conditionExpression("attribute_not_exists(pk)");
    } else {
      current
          .conditionExpression("#ver = :ver")
          .expressionAttributeNames(Map.of("#ver", Items.versionAttribute()))
          .expressionAttributeValues(
              Map.of(":ver", AttributeValue.fromN(Long.toString(previous.version()))));
    }
    Put version =
        Put.builder()
            .tableName(table)
            .item(Items.toItem(next, next.version()))
            .conditionExpression("attribute_not_exists(pk)")
            .build();
    try {
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  TransactWriteItem.builder().put(current.build()).build(),
                  TransactWriteItem.builder().put(version).build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (lostARace(e)) {
        return false;
      }
      throw unavailable("TransactWriteItems", e);
    } catch (SdkException e) {
      throw unavailable("TransactWriteItems", e);
    }
  }

  /** Live keys starting with {@code prefix}, in key order. */
  Page<ConfigEntry> list(String prefix, int limit, String after) {
    Map<String, AttributeValue> values =
        Map.of(
            ":live",
            AttributeValue.fromS(Items.LIVE_VALUE),
            ":prefix",
            AttributeValue.fromS(prefix));
    QueryResponse response =
        call(
            "Query",
            () ->
                dynamo.query(
                    b -> {
                      b.tableName(table)
                          .indexName(LIVE_INDEX)
                          .limit(limit)
                          .keyConditionExpression("live = :live AND begins_with(pk, :prefix)")
                          .expressionAttributeValues(values);
                      if (after != null) {
                        Map<String, AttributeValue> start =
                            new HashMap<>(Items.key(after, CURRENT));
                        start.put(Items.LIVE, AttributeValue.fromS(Items.LIVE_VALUE));
                        b.exclusiveStartKey(start);
                      }
                    }));
    List<ConfigEntry> items = response.items().stream().map(Items::fromItem).toList();
    String next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !items.isEmpty()
            ? PageToken.ofKey(items.get(items.size() - 1).key())
            : null;
    return new Page<>(items, next);
  }

  /** The versions of {@code key}, newest first, older than {@code before} when given. */
  Page<ConfigEntry> history(String key, int limit, Long before) {
    if (before != null && before <= 1) {
      // versions start at 1: nothing is older, and BETWEEN 1 AND 0 is a DynamoDB
      // ValidationException
      return new Page<>(List.of(), null);
    }
    QueryResponse response =
        call(
            "Query",
            () ->
                dynamo.query(
                    b ->
                        b.tableName(table)
                            .consistentRead(true)
                            .scanIndexForward(false)
                            .limit(limit)
                            .keyConditionExpression("pk = :pk AND sk BETWEEN :first AND :last")
                            .expressionAttributeValues(
                                Map.of(
                                    ":pk",
                                    AttributeValue.fromS(key),
                                    ":first",
                                    AttributeValue.fromN("1"),
                                    ":last",
                                    AttributeValue.fromN(
                                        Long.toString(
                                            before == null ? Long.MAX_VALUE : before - 1))))));
    List<ConfigEntry> items = response.items().stream().map(Items::fromItem).toList();
    // a full page ending at version 1 still has a LastEvaluatedKey, but nothing follows it
    String next =
        response.hasLastEvaluatedKey()
                && !response.lastEvaluatedKey().isEmpty()
                && !items.isEmpty()
                && items.get(items.size() - 1).version() > 1
            ? PageToken.ofVersion(items.get(items.size() - 1).version())
            : null;
    return new Page<>(items, next);
  }

  /** The current entries of {@code keys} (at most {@value #MAX_BATCH}) that exist, by key. */
  Map<String, ConfigEntry> batch(List<String> keys) {
    Map<String, ConfigEntry> found = new LinkedHashMap<>();
    List<Map<String, AttributeValue>> pending =
        keys.stream().map(k -> Items.key(k, CURRENT)).toList();
    for (int attempt = 0; attempt < BATCH_ATTEMPTS && !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        RetryPause.before(attempt);
      }
      List<Map<String, AttributeValue>> request = pending;
      BatchGetItemResponse response =
          call(
              "BatchGetItem",
              () ->
                  dynamo.batchGetItem(
                      b ->
                          b.requestItems(
                              Map.of(
                                  table,
                                  KeysAndAttributes.builder()
                                      .keys(request)
                                      .consistentRead(true)
                                      .build()))));
      response.responses().getOrDefault(table, List.of()).stream()
          .map(Items::fromItem)
          .filter(entry -> !entry.deleted())
          .forEach(entry -> found.put(entry.key(), entry));
      KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
      pending = unprocessed == null ? List.of() : new ArrayList<>(unprocessed.keys());
    }
    if (!pending.isEmpty()) {
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE,
          "DynamoDB left "
              + pending.size()
              + " keys unprocessed after "
              + BATCH_ATTEMPTS
              + " attempts; retry");
    }
    return found;
  }

  private Optional<ConfigEntry> entryAt(String key, long sk) {
    Map<String, AttributeValue> item =
        call(
                "GetItem",
                () ->
                    dynamo.getItem(
                        b -> b.tableName(table).key(Items.key(key, sk)).consistentRead(true)))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.fromItem(item));
  }

  private static boolean lostARace(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch(
                code ->
                    "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw unavailable(operation, e);
    }
  }

  private static ConfigException unavailable(String operation, SdkException e) {
    return new ConfigException(
        ConfigException.Reason.UNAVAILABLE, "DynamoDB " + operation + " failed; retry", e);
  }
}
