package dev.noops.logs;

import java.util.Locale;

/**
 * How the {@code json} object of an application's JSON log is mapped, chosen once per cluster
 * ({@link ClusterProbe}) so that any number of functions with any field names costs a fixed number
 * of mapped fields. Every choice also writes {@code json_num}: the numeric leaves as nested {@code
 * {key, value}} pairs (a double), so numbers can be averaged without one function's type breaking
 * another's. The document's {@code json} object is the same for every choice, so a document written
 * for one choice is accepted by an index mapped for another.
 */
enum JsonMapping {
  /** OpenSearch 2.7+: {@code json} is a {@code flat_object}; search {@code json.<path>: value}. */
  FLAT_OBJECT("flat_object", "json-flat-object.json"),
  /** Elasticsearch 7.3+ with x-pack (default distribution): {@code json} is {@code flattened}. */
  FLATTENED("flattened", "json-flattened.json"),
  /**
   * Anywhere else (OpenSearch 1.x, 2.0–2.6, Elasticsearch OSS): {@code json} is kept in {@code
   * _source} only ({@code enabled: false}) and every leaf is searchable as one keyword {@code
   * json_kv: "<path>=<value>"}.
   */
  KEY_VALUE("key_value", "json-key-value.json");

  private final String setting;
  private final String resource;

  JsonMapping(String setting, String resource) {
    this.setting = setting;
    this.resource = resource;
  }

  /** The value of {@code JSON_MAPPING} that selects this choice. */
  String setting() {
    return setting;
  }

  /**
   * The mapping fragment (properties of {@code json}, {@code json_num}, ...) next to this class.
   */
  String resource() {
    return resource;
  }

  /**
   * Whether documents carry {@code json_kv} pairs (only where {@code json} itself is not indexed).
   */
  boolean writesPairs() {
    return this == KEY_VALUE;
  }

  /** {@code flat_object}, {@code flattened} or {@code key_value}; null for {@code auto}. */
  static JsonMapping parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      return null;
    }
    for (JsonMapping mapping : values()) {
      if (mapping.setting.equals(v)) {
        return mapping;
      }
    }
    throw new ConfigException(
        "JSON_MAPPING must be auto, flat_object, flattened or key_value: " + value);
  }
}
