package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.noops.support.JsonObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out of the proxy events and answers with Jackson's streaming API only: plain maps,
 * lists, strings, numbers, booleans and nulls. Jackson databind (its {@code ObjectMapper} and tree
 * model, ~350 classes) stays off the path of a GET, which is most of a cold start's first answer.
 */
final class JsonText {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private JsonText() {}

  /**
   * One JSON value as maps (insertion-ordered), lists, strings, numbers, booleans and nulls; a
   * duplicate member or anything after the value is an {@link IOException}.
   */
  static Object read(InputStream in) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON value");
      }
      return value;
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (JsonObjects.nextField(parser)) {
          object.put(parser.currentName(), value(parser, parser.currentToken()));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected JSON token " + token);
    };
  }

  /** {@code value} as JSON text. */
  static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON into memory", e);
    }
    return out.toString();
  }

  /** {@code value} as UTF-8 JSON onto {@code out} (left open). */
  static void write(Object value, OutputStream out) throws IOException {
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(generator, value);
    }
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    switch (value) {
      case null -> generator.writeNull();
      case String text -> generator.writeString(text);
      case Boolean flag -> generator.writeBoolean(flag);
      case Integer number -> generator.writeNumber(number);
      case Long number -> generator.writeNumber(number);
      case Number number -> generator.writeNumber(number.toString());
      case Map<?, ?> map -> {
        generator.writeStartObject();
        for (Map.Entry<?, ?> member : map.entrySet()) {
          generator.writeFieldName(String.valueOf(member.getKey()));
          write(generator, member.getValue());
        }
        generator.writeEndObject();
      }
      case Collection<?> items -> {
        generator.writeStartArray();
        for (Object item : items) {
          write(generator, item);
        }
        generator.writeEndArray();
      }
      default ->
          throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }
}
