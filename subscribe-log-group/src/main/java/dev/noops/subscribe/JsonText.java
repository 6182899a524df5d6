package dev.noops.subscribe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noops.support.JsonObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out without an {@code ObjectMapper}, whose construction (and the data binding it
 * brings) would cost the first event some 300 classes: events are read into a tree with
 * jackson-core's parser and databind's node classes, results written with its generator. Node trees
 * are never printed with {@code toString()}, which builds a mapper.
 */
final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonText() {}

  /**
   * The JSON document {@code in} holds as a tree; {@link MissingNode} when it is empty.
   *
   * @throws com.fasterxml.jackson.core.JacksonException when it is not JSON
   */
  static JsonNode read(InputStream in) throws IOException {
    try (JsonParser p = FACTORY.createParser(in)) {
      return read(p);
    }
  }

  /** The JSON document {@code text} holds as a tree. */
  static JsonNode read(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text.getBytes(StandardCharsets.UTF_8))) {
      return read(p);
    }
  }

  private static JsonNode read(JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      return MissingNode.getInstance();
    }
    JsonNode root = value(p);
    if (p.nextToken() != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(
          p, "trailing content after the JSON document");
    }
    return root;
  }

  /** The value whose first token the parser is on. */
  private static JsonNode value(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (JsonObjects.nextField(p)) {
          object.set(p.currentName(), value(p));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default ->
          throw new com.fasterxml.jackson.core.JsonParseException(
              p, "unexpected token " + p.currentToken());
    };
  }

  /** One JSON object, compact, its fields written by {@code fields}. */
  static String object(JsonObjects.Fields fields) {
    return JsonObjects.text(fields);
  }

  /** A field of a number, a boolean or (anything else) its text. */
  static void field(JsonGenerator g, String name, Object value) throws IOException {
    g.writeFieldName(name);
    switch (value) {
      case null -> g.writeNull();
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Boolean b -> g.writeBoolean(b);
      default -> g.writeString(String.valueOf(value));
    }
  }
}
