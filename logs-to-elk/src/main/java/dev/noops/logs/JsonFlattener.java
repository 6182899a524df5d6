package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Flattens an application's JSON log into leaf paths joined with {@code _} (dots in keys become
 * {@code _} too, as Logstash's de_dot does). Every {@code json.*} field is then a leaf, mapped as
 * {@code keyword} by the index template, so a field that is a number in one function and an object
 * in another can never make Elasticsearch reject either document. Arrays of scalars stay arrays;
 * arrays holding objects are kept as their JSON text. Bounded: at most {@value #MAX_LEAVES} leaves
 * and {@value #MAX_DEPTH} levels, keys at most {@value #MAX_KEY} characters.
 */
final class JsonFlattener {
  static final int MAX_LEAVES = 200;
  static final int MAX_DEPTH = 16;
  static final int MAX_KEY = 200;

  private JsonFlattener() {}

  /** The leaves of {@code object}, minus the top-level keys in {@code skip}. */
  static Map<String, Object> flatten(JsonNode object, List<String> skip) {
    Map<String, Object> leaves = new Leaves();
    Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
    while (fields.hasNext() && leaves.size() < MAX_LEAVES) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!skip.contains(field.getKey())) {
        add(leaves, key(field.getKey()), field.getValue(), 1);
      }
    }
    return leaves;
  }

  private static void add(Map<String, Object> leaves, String path, JsonNode value, int depth) {
    if (leaves.size() >= MAX_LEAVES || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (value.isObject()) {
      if (depth >= MAX_DEPTH) {
        leaves.putIfAbsent(path, value.toString());
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        add(leaves, join(path, key(field.getKey())), field.getValue(), depth + 1);
      }
    } else if (value.isArray()) {
      leaves.putIfAbsent(path, array(value));
    } else {
      leaves.putIfAbsent(path, scalar(value));
    }
  }

  private static Object array(JsonNode array) {
    List<Object> items = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (item.isContainerNode()) {
        return array.toString();
      }
      if (!item.isNull()) {
        items.add(scalar(item));
      }
    }
    return items;
  }

  private static Object scalar(JsonNode value) {
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.asText();
  }

  static String join(String path, String key) {
    String joined = path + "_" + key;
    return joined.length() > MAX_KEY ? joined.substring(0, MAX_KEY) : joined;
  }

  static String key(String key) {
    if (key.isEmpty()) {
      return "_";
    }
    if (key.length() <= MAX_KEY && key.indexOf('.') < 0) {
      return key; // most keys: an intrinsic search instead of replace's loop
    }
    String clean = key.replace('.', '_');
    return clean.length() > MAX_KEY ? clean.substring(0, MAX_KEY) : clean;
  }
}
