package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The table the API reads and writes, as the JSON body of a DynamoDB {@code CreateTable} request
 * (in AWS the SAM template declares the same schema; {@code noops local} and tests create it from
 * here). One table: partition key {@code pk} (S, the config key), sort key {@code sk} (N: 0 is the
 * current item, 1..n the versions), and a sparse global secondary index {@code live-keys} ({@code
 * live} S, {@code pk} S, all attributes) holding only keys that exist, for prefix listing.
 */
public final class ConfigTableSchema {
  /** The name of the index of live keys. */
  public static final String LIVE_INDEX = ConfigStore.LIVE_INDEX;

  private ConfigTableSchema() {}

  /**
   * The body of the {@code CreateTable} request (DynamoDB JSON protocol) that creates the config
   * table {@code tableName} with on-demand capacity.
   */
  public static String createTableJson(String tableName) {
    Objects.requireNonNull(tableName, "tableName == null");
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("TableName", tableName);
      json.writeStringField("BillingMode", "PAY_PER_REQUEST");
      json.writeArrayFieldStart("KeySchema");
      key(json, Items.PK, "HASH");
      key(json, Items.SK, "RANGE");
      json.writeEndArray();
      json.writeArrayFieldStart("AttributeDefinitions");
      attribute(json, Items.PK, "S");
      attribute(json, Items.SK, "N");
      attribute(json, Items.LIVE, "S");
      json.writeEndArray();
      json.writeArrayFieldStart("GlobalSecondaryIndexes");
      json.writeStartObject();
      json.writeStringField("IndexName", ConfigStore.LIVE_INDEX);
      json.writeArrayFieldStart("KeySchema");
      key(json, Items.LIVE, "HASH");
      key(json, Items.PK, "RANGE");
      json.writeEndArray();
      json.writeObjectFieldStart("Projection");
      json.writeStringField("ProjectionType", "ALL");
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON into memory", e);
    }
    return out.toString();
  }

  private static void key(JsonGenerator json, String name, String type) throws IOException {
    json.writeStartObject();
    json.writeStringField("AttributeName", name);
    json.writeStringField("KeyType", type);
    json.writeEndObject();
  }

  private static void attribute(JsonGenerator json, String name, String type) throws IOException {
    json.writeStartObject();
    json.writeStringField("AttributeName", name);
    json.writeStringField("AttributeType", type);
    json.writeEndObject();
  }
}
