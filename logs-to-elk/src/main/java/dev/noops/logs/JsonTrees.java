package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tree reader ({@link ObjectMapper}) for the few lines the streaming code leaves to a tree (a
 * Lambda {@code platform.*} JSON record, a Node.js {@code Invoke Error}), made on first use: data
 * binding costs a few hundred classes and milliseconds that an execution environment's init and
 * first event need not pay. Not thread-safe, like the shipper.
 */
final class JsonTrees {
  private final JsonFactory json;
  private ObjectMapper mapper;

  JsonTrees(JsonFactory json) {
    this.json = json;
  }

  /** Trees from {@code mapper} (tests). */
  static JsonTrees of(ObjectMapper mapper) {
    JsonTrees trees = new JsonTrees(mapper.getFactory());
    trees.mapper = mapper;
    return trees;
  }

  /** The factory the mapper is made from; streaming readers share it. */
  JsonFactory factory() {
    return json;
  }

  ObjectMapper mapper() {
    if (mapper == null) {
      mapper = new ObjectMapper(json);
    }
    return mapper;
  }
}
