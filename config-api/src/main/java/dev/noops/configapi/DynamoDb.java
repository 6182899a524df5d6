package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.Deadline;
import dev.noops.support.JsonObjects;
import dev.noops.support.aws.AwsCallException;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The DynamoDB operations the config API makes, on DynamoDB's JSON protocol ({@code awsJson1_0})
 * through {@link AwsJsonClient}: requests written and answers read with Jackson's streaming API,
 * attribute values as {@link Attr}. Each call may take {@code callTimeout}, retries included;
 * throttling, 5xx answers and broken connections are retried within it. A failed call throws {@link
 * AwsCallException}; an answer that is not the JSON DynamoDB sends, a {@link ConfigException}.
 */
final class DynamoDb {
  /**
   * A BatchGetItem answers up to 16 MB of item data, which JSON escaping can make six times larger
   * (a control character is 1 byte stored, 6 escaped).
   */
  static final int MAX_ANSWER_BYTES = 100 << 20;

  private final AwsJsonClient client;
  private final Duration callTimeout;

  DynamoDb(AwsJsonClient client, Duration callTimeout) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout == null");
  }

  /**
   * The client of DynamoDB in the configured region, at {@code AWS_ENDPOINT_URL_DYNAMODB} or {@code
   * AWS_ENDPOINT_URL} when set; three attempts, each within {@code callTimeout}.
   */
  static AwsJsonClient client(
      AwsEndpoints endpoints, Supplier<AwsCredentials> credentials, Duration callTimeout) {
    return AwsJsonClient.forService("dynamodb", "DynamoDB", endpoints, credentials)
        .json("1.0", "DynamoDB_20120810")
        .maxAttempts(3)
        .attemptTimeout(callTimeout)
        .maxAnswerBytes(MAX_ANSWER_BYTES)
        .build();
  }

  /** The item at {@code key}, read consistently; empty when there is none. */
  Optional<Map<String, Attr>> getItem(String table, Map<String, Attr> key) {
    byte[] answer =
        call(
            "GetItem",
            json -> {
              json.writeStringField("TableName", table);
              json.writeFieldName("Key");
              writeItem(json, key);
              json.writeBooleanField("ConsistentRead", true);
            });
    Map<String, Attr> item = Map.of();
    try (JsonParser parser = JsonObjects.object(answer)) {
      while (JsonObjects.nextField(parser)) {
        if ("Item".equals(parser.currentName())) {
          item = readItem(parser);
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("GetItem", e);
    }
    return item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** What a {@code BatchGetItem} returned, and the keys it left for another call. */
  record BatchAnswer(List<Map<String, Attr>> items, List<Map<String, Attr>> unprocessed) {}

  /** One consistent {@code BatchGetItem} of {@code keys} (at most 100) in {@code table}. */
  BatchAnswer batchGetItem(String table, List<Map<String, Attr>> keys) {
    byte[] answer =
        call(
            "BatchGetItem",
            json -> {
              json.writeObjectFieldStart("RequestItems");
              json.writeObjectFieldStart(table);
              json.writeArrayFieldStart("Keys");
              for (Map<String, Attr> key : keys) {
                writeItem(json, key);
              }
              json.writeEndArray();
              json.writeBooleanField("ConsistentRead", true);
              json.writeEndObject();
              json.writeEndObject();
            });
    List<Map<String, Attr>> items = new ArrayList<>();
    List<Map<String, Attr>> unprocessed = new ArrayList<>();
    try (JsonParser parser = JsonObjects.object(answer)) {
      while (JsonObjects.nextField(parser)) {
        String name = parser.currentName();
        JsonToken value = parser.currentToken();
        if ("Responses".equals(name) && value == JsonToken.START_OBJECT) {
          forEachTable(parser, table, () -> readItems(parser, items));
        } else if ("UnprocessedKeys".equals(name) && value == JsonToken.START_OBJECT) {
          forEachTable(parser, table, () -> readKeysAndAttributes(parser, unprocessed));
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("BatchGetItem", e);
    }
    return new BatchAnswer(items, unprocessed);
  }

  /**
   * A {@code Query}: on {@code index} when not null, {@code limit} items at most, from after {@code
   * startKey} when not null.
   */
  record Query(
      String table,
      String index,
      String keyCondition,
      Map<String, Attr> values,
      int limit,
      boolean consistentRead,
      boolean forward,
      Map<String, Attr> startKey) {}

  /** A page of a query, and the key to continue after (empty on the last page). */
  record QueryAnswer(List<Map<String, Attr>> items, Map<String, Attr> lastEvaluatedKey) {}

  QueryAnswer query(Query query) {
    byte[] answer =
        call(
            "Query",
            json -> {
              json.writeStringField("TableName", query.table());
              if (query.index() != null) {
                json.writeStringField("IndexName", query.index());
              }
              json.writeNumberField("Limit", query.limit());
              if (query.consistentRead()) {
                json.writeBooleanField("ConsistentRead", true);
              }
              if (!query.forward()) {
                json.writeBooleanField("ScanIndexForward", false);
              }
              json.writeStringField("KeyConditionExpression", query.keyCondition());
              json.writeFieldName("ExpressionAttributeValues");
              writeItem(json, query.values());
              if (query.startKey() != null) {
                json.writeFieldName("ExclusiveStartKey");
                writeItem(json, query.startKey());
              }
            });
    List<Map<String, Attr>> items = new ArrayList<>();
    Map<String, Attr> last = Map.of();
    try (JsonParser parser = JsonObjects.object(answer)) {
      while (JsonObjects.nextField(parser)) {
        String name = parser.currentName();
        JsonToken value = parser.currentToken();
        if ("Items".equals(name) && value == JsonToken.START_ARRAY) {
          readItems(parser, items);
        } else if ("LastEvaluatedKey".equals(name) && value == JsonToken.START_OBJECT) {
          last = readItem(parser);
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("Query", e);
    }
    return new QueryAnswer(items, last);
  }

  /** A conditional put inside a transaction. */
  record Put(
      String table,
      Map<String, Attr> item,
      String condition,
      Map<String, String> names,
      Map<String, Attr> values) {}

  /**
   * A cancelled transaction: the cancellation reasons' codes (one per item, {@code None} for those
   * that were fine) and DynamoDB's answer.
   */
  record Cancellation(List<String> reasons, AwsCallException error) {}

  /**
   * Writes {@code puts} in one {@code TransactWriteItems}. Returns why DynamoDB cancelled the
   * transaction; empty when it wrote.
   */
  Optional<Cancellation> transactWriteItems(List<Put> puts) {
    try {
      call(
          "TransactWriteItems",
          json -> {
            json.writeArrayFieldStart("TransactItems");
            for (Put put : puts) {
              json.writeStartObject();
              json.writeObjectFieldStart("Put");
              json.writeStringField("TableName", put.table());
              json.writeFieldName("Item");
              writeItem(json, put.item());
              json.writeStringField("ConditionExpression", put.condition());
              if (!put.names().isEmpty()) {
                json.writeObjectFieldStart("ExpressionAttributeNames");
                for (Map.Entry<String, String> name : put.names().entrySet()) {
                  json.writeStringField(name.getKey(), name.getValue());
                }
                json.writeEndObject();
              }
              if (!put.values().isEmpty()) {
                json.writeFieldName("ExpressionAttributeValues");
                writeItem(json, put.values());
              }
              json.writeEndObject();
              json.writeEndObject();
            }
            json.writeEndArray();
          });
      return Optional.empty();
    } catch (AwsCallException e) {
      if (!e.is("TransactionCanceledException")) {
        throw e;
      }
      try {
        return Optional.of(new Cancellation(cancellationReasons(e.answer()), e));
      } catch (IOException unreadable) {
        throw e;
      }
    }
  }

  /** The codes of a TransactionCanceledException's {@code CancellationReasons}. */
  static List<String> cancellationReasons(byte[] answer) throws IOException {
    List<String> codes = new ArrayList<>();
    try (JsonParser parser = JsonObjects.object(answer)) {
      while (JsonObjects.nextField(parser)) {
        if ("CancellationReasons".equals(parser.currentName())
            && parser.currentToken() == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            String code = "None";
            while (JsonObjects.nextField(parser)) {
              if ("Code".equals(parser.currentName())
                  && parser.currentToken() == JsonToken.VALUE_STRING) {
                code = parser.getText();
              } else {
                parser.skipChildren();
              }
            }
            codes.add(code);
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    return codes;
  }

  @FunctionalInterface
  private interface Reader {
    void read() throws IOException;
  }

  private byte[] call(String operation, JsonObjects.Fields request) {
    return client.call(operation, JsonObjects.write(request), Deadline.after(callTimeout));
  }

  /** Inside an object keyed by table name: reads the member of {@code table}, skips the others. */
  private static void forEachTable(JsonParser parser, String table, Reader reader)
      throws IOException {
    while (JsonObjects.nextField(parser)) {
      if (table.equals(parser.currentName())) {
        reader.read();
      } else {
        parser.skipChildren();
      }
    }
  }

  private static void readItems(JsonParser parser, List<Map<String, Attr>> items)
      throws IOException {
    if (!parser.isExpectedStartArrayToken()) {
      throw new IOException("expected an array of items");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      items.add(readItem(parser));
    }
  }

  // {"Keys": [...], "ConsistentRead": ..., ...}
  private static void readKeysAndAttributes(JsonParser parser, List<Map<String, Attr>> keys)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected the keys and attributes of a table");
    }
    while (JsonObjects.nextField(parser)) {
      if ("Keys".equals(parser.currentName())) {
        readItems(parser, keys);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** An item (the parser on its START_OBJECT): attribute name to typed value. */
  static Map<String, Attr> readItem(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected an item object");
    }
    Map<String, Attr> item = new LinkedHashMap<>();
    while (JsonObjects.nextField(parser)) {
      String attribute = parser.currentName();
      if (parser.currentToken() != JsonToken.START_OBJECT
          || parser.nextToken() != JsonToken.FIELD_NAME) {
        throw new IOException("attribute " + attribute + " is not a typed value");
      }
      String type = parser.currentName();
      JsonToken value = parser.nextToken();
      Attr attr =
          switch (value) {
            case VALUE_STRING -> new Attr(type, parser.getText());
            case VALUE_TRUE -> new Attr(type, "true");
            case VALUE_FALSE -> new Attr(type, "false");
            case START_OBJECT, START_ARRAY -> {
              parser.skipChildren();
              yield new Attr(type, null);
            }
            default -> throw new IOException("attribute " + attribute + " has a bad value");
          };
      if (parser.nextToken() != JsonToken.END_OBJECT) {
        throw new IOException("attribute " + attribute + " has more than one type");
      }
      item.put(attribute, attr);
    }
    return item;
  }

  static void writeItem(JsonGenerator json, Map<String, Attr> item) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, Attr> attribute : item.entrySet()) {
      Attr value = attribute.getValue();
      json.writeObjectFieldStart(attribute.getKey());
      switch (value.type()) {
        case "BOOL" -> json.writeBooleanField("BOOL", Boolean.parseBoolean(value.text()));
        case "NULL" -> json.writeBooleanField("NULL", true);
        case "S", "N", "B" -> json.writeStringField(value.type(), value.text());
        default ->
            throw new IllegalArgumentException(
                "cannot write a DynamoDB " + value.type() + " value");
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static ConfigException malformed(String operation, IOException e) {
    return new ConfigException(
        ConfigException.Reason.UNAVAILABLE,
        "DynamoDB " + operation + " answered with malformed JSON; retry",
        e);
  }
}
