package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.JsonObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composable index templates ({@code _index_template}, Elasticsearch 7.8+ and every OpenSearch)
 * for the log indices and the dead-letter indices. The mappings are the JSON resources {@code
 * log-mappings.json} and {@code dead-letter-mappings.json} next to this class; the log mapping's
 * {@code json*} fields come from the fragment of the cluster's {@link JsonMapping}. {@code PUT}
 * replaces a template with the same body, so installing again is harmless; the shipper installs
 * them once per execution environment before its first {@code _bulk}.
 */
final class IndexTemplates {
  private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

  /** Above the built-in {@code logs-*-*} template (priority 100) of Elasticsearch 7.9+. */
  private static final int PRIORITY = 200;

  private final JsonFactory json;
  private final IndexNames names;

  IndexTemplates(JsonFactory json, IndexNames names) {
    this.json = json;
    this.names = names;
  }

  /** The name and body of the log-index template. */
  String logTemplateName() {
    return names.prefix();
  }

  byte[] logTemplate(JsonMapping mapping) {
    return JsonObjects.write(
        out -> {
          out.writeArrayFieldStart("index_patterns");
          out.writeString(names.dataStream() ? names.prefix() : names.prefix() + "-*");
          out.writeEndArray();
          out.writeNumberField("priority", PRIORITY);
          if (names.dataStream()) {
            out.writeObjectFieldStart("data_stream");
            out.writeEndObject();
          }
          out.writeObjectFieldStart("template");
          out.writeFieldName("mappings");
          logMappings(out, mapping);
          out.writeEndObject();
          out.writeObjectFieldStart("_meta");
          out.writeStringField("managed_by", "noops logs-to-elk");
          out.writeStringField("json_mapping", mapping.setting());
          out.writeEndObject();
        });
  }

  String deadLetterTemplateName() {
    return names.prefix() + "-failed";
  }

  byte[] deadLetterTemplate() {
    return JsonObjects.write(
        out -> {
          out.writeArrayFieldStart("index_patterns");
          out.writeString(names.prefix() + "-failed-*");
          out.writeEndArray();
          out.writeNumberField("priority", PRIORITY + 10);
          out.writeObjectFieldStart("template");
          out.writeFieldName("mappings");
          copy(out, "dead-letter-mappings.json", null);
          out.writeEndObject();
          out.writeObjectFieldStart("_meta");
          out.writeStringField("managed_by", "noops logs-to-elk");
          out.writeEndObject();
        });
  }

  /**
   * Puts both templates, each within the time {@code timeout} gives when it starts (so both
   * together stay within the invocation's budget); returns false (and logs why) when the cluster
   * did not accept them.
   */
  boolean install(Transport transport, JsonMapping json, Supplier<Duration> timeout) {
    return put(transport, deadLetterTemplateName(), deadLetterTemplate(), timeout.get())
        && put(transport, logTemplateName(), logTemplate(json), timeout.get());
  }

  /**
   * The log mapping: {@code log-mappings.json} with the fields of the mapping's fragment added to
   * its top-level {@code properties} (they share no name).
   */
  private void logMappings(JsonGenerator out, JsonMapping mapping) throws IOException {
    copy(out, "log-mappings.json", mapping.resource());
  }

  /**
   * Copies the JSON object of resource {@code name}; with {@code extra}, the fields of that
   * resource's object are appended to the top-level {@code properties} object.
   */
  private void copy(JsonGenerator out, String name, String extra) throws IOException {
    try (InputStream in = resource(name);
        JsonParser parser = json.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException(name + " is not a JSON object");
      }
      out.writeStartObject();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        if (extra != null && field.equals("properties")) {
          out.writeFieldName(field);
          parser.nextToken();
          out.writeStartObject();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            out.copyCurrentStructure(parser);
          }
          copyFields(out, extra);
          out.writeEndObject();
        } else {
          out.copyCurrentStructure(parser);
        }
      }
      out.writeEndObject();
    }
  }

  /** The fields of resource {@code name}'s object, written into the object {@code out} is in. */
  private void copyFields(JsonGenerator out, String name) throws IOException {
    try (InputStream in = resource(name);
        JsonParser parser = json.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException(name + " is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        out.copyCurrentStructure(parser);
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = IndexTemplates.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the shipper jar");
    }
    return in;
  }

  private boolean put(Transport transport, String name, byte[] body, Duration timeout) {
    if (timeout.compareTo(RetryPolicy.MIN_REQUEST_TIME) < 0) {
      LOG.error("index template {} was not installed: no time left in this invocation", name);
      return false;
    }
    try {
      Transport.Response response =
          transport.send("PUT", "/_index_template/" + name, Gzip.of(body), true, timeout);
      if (response.status() >= 200 && response.status() < 300) {
        return true;
      }
      LOG.error(
          "index template {} was not installed: HTTP {} {}",
          name,
          response.status(),
          abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.error("index template {} was not installed: {}", name, e.toString());
    }
    return false;
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
