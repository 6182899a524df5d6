package dev.noops.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

  private final ObjectMapper mapper;
  private final IndexNames names;

  IndexTemplates(ObjectMapper mapper, IndexNames names) {
    this.mapper = mapper;
    this.names = names;
  }

  /** The name and body of the log-index template. */
  String logTemplateName() {
    return names.prefix();
  }

  byte[] logTemplate(JsonMapping json) {
    ObjectNode template = mapper.createObjectNode();
    template
        .putArray("index_patterns")
        .add(names.dataStream() ? names.prefix() : names.prefix() + "-*");
    template.put("priority", PRIORITY);
    if (names.dataStream()) {
      template.putObject("data_stream");
    }
    template.putObject("template").set("mappings", logMappings(json));
    template
        .putObject("_meta")
        .put("managed_by", "noops logs-to-elk")
        .put("json_mapping", json.setting());
    return bytes(template);
  }

  String deadLetterTemplateName() {
    return names.prefix() + "-failed";
  }

  byte[] deadLetterTemplate() {
    ObjectNode template = mapper.createObjectNode();
    template.putArray("index_patterns").add(names.prefix() + "-failed-*");
    template.put("priority", PRIORITY + 10);
    template.putObject("template").set("mappings", resource("dead-letter-mappings.json"));
    template.putObject("_meta").put("managed_by", "noops logs-to-elk");
    return bytes(template);
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

  /** The log mapping with the {@code json*} fields of {@code json}. */
  ObjectNode logMappings(JsonMapping json) {
    ObjectNode mappings = resource("log-mappings.json");
    ((ObjectNode) mappings.get("properties")).setAll(resource(json.resource()));
    return mappings;
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

  private ObjectNode resource(String name) {
    try (InputStream in = IndexTemplates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the shipper jar");
      }
      return (ObjectNode) mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private byte[] bytes(ObjectNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an index template", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
