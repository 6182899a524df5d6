package dev.noops.configapi;

import static dev.noops.configapi.Items.CURRENT;

import dev.noops.support.aws.AwsCallException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The config table in DynamoDB. A write puts the current item and the new version item in one
 * transaction, conditional on the version the writer read, so two writers can never both win.
 */
final class ConfigStore {
  /** The sparse index of the keys that exist (current items only), for prefix listing. */
  static final String LIVE_INDEX = "live-keys";

  static final int MAX_BATCH = 100;
  private static final int BATCH_ATTEMPTS = 5;

  private final DynamoDb dynamo;
  private final String table;
  private final CurrentEntries kept; // null: every read goes to the table

  ConfigStore(DynamoDb dynamo, String table) {
    this(dynamo, table, null);
  }

  /**
   * A store that keeps the current entries it reads in {@code kept}: only for a store that is its
   * table's only writer (see {@link CurrentEntries}).
   */
  ConfigStore(DynamoDb dynamo, String table, CurrentEntries kept) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
    this.table = Objects.requireNonNull(table, "table == null");
    this.kept = kept;
  }

  /** The current entry (possibly a deletion), read consistently. */
  Optional<ConfigEntry> current(String key) {
    if (kept == null) {
      return entryAt(key, CURRENT);
    }
    Optional<ConfigEntry> known = kept.get(key);
    if (known != null) {
      return known;
    }
    long stamp = kept.stamp();
    Optional<ConfigEntry> found = entryAt(key, CURRENT);
    kept.keep(key, found, stamp);
    return found;
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
    DynamoDb.Put current =
        previous == null
            ? new DynamoDb.Put(
                table, Items.toItem(next, CURRENT), "attribute_not_exists(pk)", Map.of(), Map.of())
            : new DynamoDb.Put(
                table,
                Items.toItem(next, CURRENT),
                "#ver = :ver",
                Map.of("#ver", Items.versionAttribute()),
                Map.of(":ver", Attr.n(previous.version())));
    DynamoDb.Put version =
        new DynamoDb.Put(
            table,
            Items.toItem(next, next.version()),
            "attribute_not_exists(pk)",
            Map.of(),
            Map.of());
    Optional<DynamoDb.Cancellation> cancelled = transact(next.key(), List.of(current, version));
    if (cancelled.isEmpty()) {
      return true;
    }
    if (lostARace(cancelled.get().reasons())) {
      return false;
    }
    throw new ConfigException(
        ConfigException.Reason.UNAVAILABLE,
        "DynamoDB TransactWriteItems failed; retry",
        cancelled.get().error());
  }

  /** Live keys starting with {@code prefix}, in key order. */
  Page<ConfigEntry> list(String prefix, int limit, String after) {
    Map<String, Attr> start = null;
    if (after != null) {
      start = new HashMap<>(Items.key(after, CURRENT));
      start.put(Items.LIVE, Attr.s(Items.LIVE_VALUE));
    }
    DynamoDb.Query query =
        new DynamoDb.Query(
            table,
            LIVE_INDEX,
            "live = :live AND begins_with(pk, :prefix)",
            Map.of(":live", Attr.s(Items.LIVE_VALUE), ":prefix", Attr.s(prefix)),
            limit,
            false,
            true,
            start);
    DynamoDb.QueryAnswer response = call("Query", () -> dynamo.query(query));
    List<ConfigEntry> items = response.items().stream().map(Items::fromItem).toList();
    String next =
        !response.lastEvaluatedKey().isEmpty() && !items.isEmpty()
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
    DynamoDb.Query query =
        new DynamoDb.Query(
            table,
            null,
            "pk = :pk AND sk BETWEEN :first AND :last",
            Map.of(
                ":pk",
                Attr.s(key),
                ":first",
                Attr.n(1),
                ":last",
                Attr.n(before == null ? Long.MAX_VALUE : before - 1)),
            limit,
            true,
            false,
            null);
    DynamoDb.QueryAnswer response = call("Query", () -> dynamo.query(query));
    List<ConfigEntry> items = response.items().stream().map(Items::fromItem).toList();
    // a full page ending at version 1 still has a LastEvaluatedKey, but nothing follows it
    String next =
        !response.lastEvaluatedKey().isEmpty()
                && !items.isEmpty()
                && items.get(items.size() - 1).version() > 1
            ? PageToken.ofVersion(items.get(items.size() - 1).version())
            : null;
    return new Page<>(items, next);
  }

  /** The current entries of {@code keys} (at most {@value #MAX_BATCH}) that exist, by key. */
  Map<String, ConfigEntry> batch(List<String> keys) {
    Map<String, ConfigEntry> found = new LinkedHashMap<>();
    List<Map<String, Attr>> pending = keys.stream().map(k -> Items.key(k, CURRENT)).toList();
    for (int attempt = 0; attempt < BATCH_ATTEMPTS && !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        RetryPause.before(attempt);
      }
      List<Map<String, Attr>> request = pending;
      DynamoDb.BatchAnswer response =
          call("BatchGetItem", () -> dynamo.batchGetItem(table, request));
      response.items().stream()
          .map(Items::fromItem)
          .filter(entry -> !entry.deleted())
          .forEach(entry -> found.put(entry.key(), entry));
      pending = response.unprocessed();
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

  private Optional<DynamoDb.Cancellation> transact(String key, List<DynamoDb.Put> puts) {
    if (kept == null) {
      return call("TransactWriteItems", () -> dynamo.transactWriteItems(puts));
    }
    kept.writing(key);
    try {
      return call("TransactWriteItems", () -> dynamo.transactWriteItems(puts));
    } finally {
      kept.writing(key);
    }
  }

  private Optional<ConfigEntry> entryAt(String key, long sk) {
    return call("GetItem", () -> dynamo.getItem(table, Items.key(key, sk))).map(Items::fromItem);
  }

  private static boolean lostARace(List<String> reasons) {
    return reasons.stream()
        .anyMatch(
            code -> "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsCallException e) {
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE, "DynamoDB " + operation + " failed; retry", e);
    }
  }
}
