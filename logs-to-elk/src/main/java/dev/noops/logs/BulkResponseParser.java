package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the per-item results of a {@code _bulk} response, streaming, in request order. */
final class BulkResponseParser {
  private static final int MAX_REASON = 500;

  private final JsonFactory json;

  BulkResponseParser(JsonFactory json) {
    this.json = json;
  }

  /** The items' results; throws {@link IOException} when the body is not a bulk response. */
  List<ItemResult> parse(byte[] body) throws IOException {
    try (JsonParser parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the _bulk response is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("items") && value == JsonToken.START_ARRAY) {
          return items(parser);
        }
        parser.skipChildren();
      }
    }
    throw new IOException("the _bulk response has no items");
  }

  private static List<ItemResult> items(JsonParser parser) throws IOException {
    List<ItemResult> results = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      parser.nextToken(); // the operation name
      parser.nextToken(); // its object
      results.add(item(parser));
      parser.nextToken(); // end of the item
    }
    return results;
  }

  private static ItemResult item(JsonParser parser) throws IOException {
    int status = 0;
    String type = null;
    String reason = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("status") && value == JsonToken.VALUE_NUMBER_INT) {
        status = parser.getIntValue();
      } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String errorField = parser.currentName();
          JsonToken errorValue = parser.nextToken();
          if (errorField.equals("type") && errorValue == JsonToken.VALUE_STRING) {
            type = parser.getText();
          } else if (errorField.equals("reason") && errorValue == JsonToken.VALUE_STRING) {
            reason = shorten(parser.getText());
          } else {
            parser.skipChildren();
          }
        }
      } else if (field.equals("error") && value == JsonToken.VALUE_STRING) {
        reason = shorten(parser.getText());
      } else {
        parser.skipChildren();
      }
    }
    return new ItemResult(status, type, reason);
  }

  private static String shorten(String text) {
    return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
  }
}
