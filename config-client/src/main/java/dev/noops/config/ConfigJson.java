package dev.noops.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the config API's JSON answers with the jackson-core streaming parser (no data binding, no
 * reflection). Every problem becomes a {@link ConfigUnavailableException} whose message says what
 * was wrong and where — never Jackson's own message, which can quote the input (and so a value).
 */
final class ConfigJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
          .build();

  private ConfigJson() {}

  /** One {@code GET /config/{key}} answer. */
  static ConfigValue value(byte[] body) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT, "the answer");
      ConfigValue value = readValue(parser);
      if (parser.nextToken() != null) {
        throw malformed("content after the JSON object");
      }
      return value;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * One {@code GET /config?keys=} answer: {@code {"items":[...], "missing":[...],
   * "remaining":[...]}}; remaining lists keys that exist but did not fit in the API's response size
   * limit (absent from older APIs).
   */
  static Batch batch(byte[] body) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT, "the answer");
      List<ConfigValue> items = null;
      List<String> missing = List.of();
      List<String> remaining = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        if ("items".equals(field)) {
          items = readItems(parser, token);
        } else if ("missing".equals(field)) {
          missing = readStrings(parser, token, "missing");
        } else if ("remaining".equals(field)) {
          remaining = readStrings(parser, token, "remaining");
        } else {
          parser.skipChildren();
        }
      }
      if (items == null) {
        throw malformed("field items is absent");
      }
      return new Batch(items, missing, remaining);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The {@code error} code of an error answer, or null when the body is not one. */
  static String errorCode(byte[] body) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        if ("error".equals(field) && token == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<ConfigValue> readItems(JsonParser parser, JsonToken token)
      throws IOException {
    expect(parser, token, JsonToken.START_ARRAY, "items");
    List<ConfigValue> items = new ArrayList<>();
    JsonToken next;
    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
      expect(parser, next, JsonToken.START_OBJECT, "an item");
      items.add(readValue(parser));
    }
    return items;
  }

  private static List<String> readStrings(JsonParser parser, JsonToken token, String field)
      throws IOException {
    expect(parser, token, JsonToken.START_ARRAY, field);
    List<String> strings = new ArrayList<>();
    JsonToken next;
    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
      expect(parser, next, JsonToken.VALUE_STRING, "an entry of " + field);
      strings.add(parser.getText());
    }
    return strings;
  }

  // the parser is on START_OBJECT; leaves it on the matching END_OBJECT
  private static ConfigValue readValue(JsonParser parser) throws IOException {
    String key = null;
    String value = null;
    Boolean encrypted = null;
    Long version = null;
    Instant updatedAt = null;
    String updatedBy = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken next = parser.nextToken();
      switch (field) {
        case "key" -> key = string(parser, next, field);
        case "value" -> value = string(parser, next, field);
        case "encrypted" -> encrypted = bool(parser, next, field);
        case "version" -> version = version(parser, next);
        case "updatedAt" -> updatedAt = instant(parser, next);
        case "updatedBy" ->
            updatedBy = next == JsonToken.VALUE_NULL ? null : string(parser, next, field);
        default -> parser.skipChildren();
      }
    }
    expect(parser, token, JsonToken.END_OBJECT, "the end of a value object");
    if (key == null || value == null || encrypted == null || version == null) {
      throw malformed("a value object lacks one of key, value, encrypted, version");
    }
    return new ConfigValue(key, value, encrypted, version, updatedAt, updatedBy);
  }

  private static String string(JsonParser parser, JsonToken token, String field)
      throws IOException {
    expect(parser, token, JsonToken.VALUE_STRING, field);
    return parser.getText();
  }

  private static boolean bool(JsonParser parser, JsonToken token, String field) {
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw wrongType(parser, field, "a boolean", token);
    }
    return token == JsonToken.VALUE_TRUE;
  }

  private static long version(JsonParser parser, JsonToken token) throws IOException {
    expect(parser, token, JsonToken.VALUE_NUMBER_INT, "version");
    if (parser.getNumberType() != JsonParser.NumberType.INT
        && parser.getNumberType() != JsonParser.NumberType.LONG) {
      throw malformed("version is out of range");
    }
    long version = parser.getLongValue();
    if (version < 0) {
      throw malformed("version is negative");
    }
    return version;
  }

  // ISO-8601 text (with Z or an offset) or epoch milliseconds
  private static Instant instant(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return Instant.ofEpochMilli(parser.getLongValue());
    }
    expect(parser, token, JsonToken.VALUE_STRING, "updatedAt");
    try {
      return OffsetDateTime.parse(parser.getText()).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed("updatedAt is not an ISO-8601 date-time");
    }
  }

  private static void expect(JsonParser parser, JsonToken actual, JsonToken wanted, String what) {
    if (actual != wanted) {
      throw wrongType(parser, what, describe(wanted), actual);
    }
  }

  private static ConfigUnavailableException wrongType(
      JsonParser parser, String what, String wanted, JsonToken actual) {
    return malformed(
        what
            + " is "
            + describe(actual)
            + ", not "
            + wanted
            + " (at column "
            + parser.currentTokenLocation().getColumnNr()
            + ")");
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "missing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case END_OBJECT -> "the end of an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  private static ConfigUnavailableException unreadable(IOException e) {
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return malformed(
          "not valid JSON ("
              + e.getClass().getSimpleName()
              + " at line "
              + json.getLocation().getLineNr()
              + ", column "
              + json.getLocation().getColumnNr()
              + ")");
    }
    return malformed("not valid JSON (" + e.getClass().getSimpleName() + ")");
  }

  private static ConfigUnavailableException malformed(String why) {
    return new ConfigUnavailableException("malformed answer from the config API: " + why);
  }

  /** A batch answer: the values found and the keys the API reported missing. */
  record Batch(List<ConfigValue> items, List<String> missing, List<String> remaining) {}
}
