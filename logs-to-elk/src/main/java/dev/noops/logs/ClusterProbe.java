package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster what it is ({@code GET /}, and {@code GET /_xpack} on Elasticsearch 7) and picks
 * the {@link JsonMapping} it supports. An answer that cannot change by asking again (403, 404, an
 * unknown product) picks {@link JsonMapping#KEY_VALUE}, which every cluster accepts; no answer at
 * all (I/O error, 429, 5xx) returns null so the caller asks again on its next invocation.
 */
final class ClusterProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterProbe.class);
  private static final byte[] EMPTY = Gzip.of(new byte[0]);

  private final Transport transport;
  private final JsonFactory json;

  ClusterProbe(Transport transport, JsonFactory json) {
    this.transport = transport;
    this.json = json;
  }

  /** The mapping this cluster supports, or null when it did not answer (ask again later). */
  JsonMapping probe(Duration timeout) {
    try {
      Transport.Response root = transport.send("GET", "/", EMPTY, false, timeout);
      if (retryable(root.status())) {
        LOG.warn(
            "GET / answered HTTP {}: the JSON mapping is chosen on a later invocation",
            root.status());
        return null;
      }
      if (root.status() != 200) {
        LOG.warn(
            "GET / answered HTTP {}: json is mapped as key_value (set JSON_MAPPING to choose)",
            root.status());
        return JsonMapping.KEY_VALUE;
      }
      String distribution = text(root.body(), "version", "distribution", "elasticsearch");
      String number = text(root.body(), "version", "number", "0");
      boolean flattened =
          (distribution.equals("elasticsearch") && needsXpackCheck(number))
              ? xpackFlattened(timeout)
              : major(number) >= 8;
      JsonMapping chosen = choose(distribution, number, flattened);
      LOG.info("cluster {} {}: json is mapped as {}", distribution, number, chosen.setting());
      return chosen;
    } catch (IOException e) {
      LOG.warn(
          "GET / failed ({}): the JSON mapping is chosen on a later invocation",
          e.getClass().getSimpleName());
      return null;
    }
  }

  /**
   * The choice for a cluster: OpenSearch 2.7+ → flat_object; Elasticsearch with the flattened type
   * (7.3+ default distribution, every 8+) → flattened; otherwise key_value.
   */
  static JsonMapping choose(String distribution, String version, boolean hasFlattened) {
    int major = major(version);
    int minor = minor(version);
    if (distribution.equals("opensearch")) {
      return major > 2 || (major == 2 && minor >= 7)
          ? JsonMapping.FLAT_OBJECT
          : JsonMapping.KEY_VALUE;
    }
    if (distribution.equals("elasticsearch")
        && hasFlattened
        && (major > 7 || (major == 7 && minor >= 3))) {
      return JsonMapping.FLATTENED;
    }
    return JsonMapping.KEY_VALUE;
  }

  /**
   * The value at {@code path} (object keys from the top) of the JSON {@code body} as text (empty
   * for an object or array), or {@code otherwise} (the last argument) when it is missing or null,
   * or the body is not JSON (an unknown product, which key_value serves). Read by streaming: no
   * tree, no data binding.
   */
  private String text(byte[] body, String... path) {
    String otherwise = path[path.length - 1];
    int depth = path.length - 1;
    try (JsonParser parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return otherwise;
      }
      for (int level = 0; level < depth; level++) {
        JsonToken value = field(parser, path[level]);
        if (value == null) {
          return otherwise;
        }
        if (level < depth - 1 && value != JsonToken.START_OBJECT) {
          return otherwise;
        }
        if (level == depth - 1) {
          if (value.isStructStart()) {
            return ""; // what a tree's asText says of an object or array
          }
          return value == JsonToken.VALUE_NULL ? otherwise : parser.getText();
        }
      }
      return otherwise;
    } catch (IOException e) {
      return otherwise;
    }
  }

  /** Moves to the value of {@code name} in the object just opened; null when it has none. */
  private static JsonToken field(JsonParser parser, String name) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals(name)) {
        return value;
      }
      parser.skipChildren();
    }
    return null;
  }

  private boolean xpackFlattened(Duration timeout) throws IOException {
    Transport.Response xpack =
        transport.send("GET", "/_xpack?categories=features", EMPTY, false, timeout);
    if (retryable(xpack.status())) {
      throw new IOException("GET /_xpack answered HTTP " + xpack.status());
    }
    // the OSS distribution (and Amazon OpenSearch Service's Elasticsearch) have no _xpack endpoint
    return xpack.status() == 200
        && "true".equals(text(xpack.body(), "features", "flattened", "available", "false"));
  }

  private static boolean needsXpackCheck(String version) {
    int major = major(version);
    return major == 7 && minor(version) >= 3;
  }

  private static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private static int major(String version) {
    return part(version, 0);
  }

  private static int minor(String version) {
    return part(version, 1);
  }

  private static int part(String version, int index) {
    String[] parts = version.split("[.-]", -1);
    try {
      return parts.length > index ? Integer.parseInt(parts[index]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
