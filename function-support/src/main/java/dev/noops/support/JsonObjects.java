package dev.noops.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON objects written and read with jackson-core's streaming API, no data binding: the request
 * bodies and answers of the functions' AWS calls and the small documents they write. A parse error
 * never quotes the document (it may hold configuration values).
 */
public final class JsonObjects {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private JsonObjects() {}

  /** What writes the fields of one object. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /** One compact object, {@code {...}} with the fields {@code fields} writes, in UTF-8. */
  public static byte[] write(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeObject(g, fields);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON object", e);
    }
    return out.toByteArray();
  }

  /** The same object as {@link #write}, as text. */
  public static String text(Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeObject(g, fields);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON object", e);
    }
    return out.toString();
  }

  private static void writeObject(JsonGenerator g, Fields fields) throws IOException {
    g.writeStartObject();
    fields.write(g);
    g.writeEndObject();
  }

  /** A parser of {@code json}, before its first token. */
  public static JsonParser parser(byte[] json) throws IOException {
    return JSON.createParser(json);
  }

  /**
   * A parser of the object {@code json} holds, on its {@code START_OBJECT}.
   *
   * @throws IOException when {@code json} is not an object
   */
  public static JsonParser object(byte[] json) throws IOException {
    JsonParser parser = JSON.createParser(json);
    try {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the document is not a JSON object");
      }
      return parser;
    } catch (IOException | RuntimeException e) {
      parser.close();
      throw e;
    }
  }

  /**
   * Moves {@code parser}, inside an object, to the next field's value (its first token, whose field
   * {@link JsonParser#currentName()} names); false at the object's end. The caller reads or skips
   * each value: {@code while (nextField(p)) { switch (p.currentName()) {...} }}.
   */
  public static boolean nextField(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.FIELD_NAME) {
      return false;
    }
    parser.nextToken();
    return true;
  }
}
