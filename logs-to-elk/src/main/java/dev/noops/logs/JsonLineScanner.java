package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an application's JSON log line in one streaming pass into what {@link JsonLogs} takes from
 * it (the flattened leaves of {@link JsonFlattener}, correlation labels, message, level, request
 * and trace ids) without building a tree. Lines it cannot read the same way as the tree path (a
 * duplicate key, an array holding objects, nesting deeper than {@link JsonFlattener#MAX_DEPTH}, a
 * Lambda {@code platform.*} record) answer {@link #TREE}: the caller reads those as a tree. Not
 * thread-safe.
 */
final class JsonLineScanner {
  /** The answer for a line the tree path must read. */
  static final Scanned TREE = new Scanned(null, null, null, false, null, null, null);

  private static final String CORRELATION_PREFIX = "x-correlation-";
  private static final String[] LEVEL_KEYS = {
    "level", "levelname", "severity", "log.level", "logLevel"
  };
  private static final String[] REQUEST_KEYS = {
    "requestId", "AWSRequestId", "awsRequestId", "function_request_id", "request_id"
  };
  private static final String[] TRACE_KEYS = {
    "xray_trace_id", "traceId", "trace_id", "xRayTraceId"
  };

  /** Each key of the three lists above: its list (0, 1, 2) times 8 plus its place in the list. */
  private static final Map<String, Integer> KEY_SLOTS = keySlots();

  /**
   * What a line holds.
   *
   * @param message the top-level {@code message} (else {@code msg}) when it is a string, else null
   * @param messageIsText whether that field exists and is a string
   */
  record Scanned(
      Map<String, Object> leaves,
      Map<String, String> labels,
      String message,
      boolean messageIsText,
      String level,
      String requestId,
      String traceId) {}

  /** Gives up the streaming read: the tree path decides. */
  private static final class UseTree extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UseTree() {
      super(null, null, false, false);
    }
  }

  @SuppressWarnings("StaticAssignmentOfThrowable") // a stackless signal, never thrown to a caller
  private static final UseTree USE_TREE = new UseTree();

  private final JsonFactory json;
  private JsonParser parser;
  private Map<String, Object> leaves;
  private Map<String, String> labels;
  private final String[] levels = new String[LEVEL_KEYS.length];
  private final String[] requests = new String[REQUEST_KEYS.length];
  private final String[] traces = new String[TRACE_KEYS.length];
  private Names[] names = new Names[4];

  JsonLineScanner(JsonFactory json) {
    this.json = json.rebuild().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();
  }

  /**
   * The parts of {@code object} (a trimmed line from {@code {} to {@code }}), {@link #TREE}, or an
   * exception when it is not JSON.
   */
  Scanned scan(String object) throws IOException {
    leaves = new Leaves();
    labels = new LinkedHashMap<>();
    java.util.Arrays.fill(levels, null);
    java.util.Arrays.fill(requests, null);
    java.util.Arrays.fill(traces, null);
    try (JsonParser p = json.createParser(object)) {
      parser = p;
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      return top();
    } catch (UseTree e) {
      return TREE;
    } finally {
      parser = null;
    }
  }

  private Scanned top() throws IOException {
    String message = null;
    boolean hasMessage = false;
    boolean messageIsText = false;
    String msg = null;
    boolean platformType = false;
    boolean recordObject = false;
    Names seen = names(0);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      seen.add(name);
      JsonToken value = parser.nextToken();
      boolean text = value == JsonToken.VALUE_STRING;
      switch (name) {
        case "message" -> {
          hasMessage = true;
          messageIsText = text;
          message = text ? parser.getText() : null;
        }
        case "msg" -> msg = text ? parser.getText() : null;
        case "type" -> platformType = text && parser.getText().startsWith("platform.");
        case "record" -> recordObject = value == JsonToken.START_OBJECT;
        default -> {
          if (text) {
            remember(name);
          }
        }
      }
      if (name.equals("message") && text) {
        continue; // a string message is the document's message, not a json leaf
      }
      field(JsonFlattener.key(name), name, value, 0);
    }
    if (platformType && recordObject) {
      throw USE_TREE;
    }
    if (!hasMessage) {
      messageIsText = msg != null;
      message = msg;
    }
    return new Scanned(
        leaves, labels, message, messageIsText, first(levels), first(requests), first(traces));
  }

  /**
   * One field of an object at {@code depth} (0: the line's own object), its value the current
   * token.
   */
  private void field(String path, String name, JsonToken value, int depth) throws IOException {
    boolean full = leaves.size() >= JsonFlattener.MAX_LEAVES;
    if (value == JsonToken.START_OBJECT) {
      if (!full && depth + 1 >= JsonFlattener.MAX_DEPTH) {
        throw USE_TREE; // kept as its JSON text there
      }
      Names seen = names(depth + 1);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String child = parser.currentName();
        seen.add(child);
        JsonToken childValue = parser.nextToken();
        field(JsonFlattener.join(path, JsonFlattener.key(child)), child, childValue, depth + 1);
      }
    } else if (value == JsonToken.START_ARRAY) {
      List<Object> items = new ArrayList<>();
      for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; ) {
        if (item == JsonToken.START_OBJECT || item == JsonToken.START_ARRAY) {
          throw USE_TREE; // kept as its JSON text there
        }
        if (item != JsonToken.VALUE_NULL) {
          items.add(scalar(item));
        }
        item = parser.nextToken();
      }
      if (!full) {
        leaves.putIfAbsent(path, items);
      }
    } else {
      Object scalar = value == JsonToken.VALUE_NULL ? null : scalar(value);
      if (depth <= 2 && correlation(name)) {
        labels.putIfAbsent(
            JsonFlattener.key(name.toLowerCase(Locale.ROOT)),
            scalar == null ? "null" : text(scalar));
      }
      if (!full && scalar != null) {
        leaves.putIfAbsent(path, scalar);
      }
    }
  }

  /** The (emptied) names of the object being read at {@code depth}. */
  private Names names(int depth) {
    if (depth >= names.length) {
      names = java.util.Arrays.copyOf(names, depth + 1);
    }
    if (names[depth] == null) {
      names[depth] = new Names();
    }
    names[depth].clear();
    return names[depth];
  }

  /**
   * The field names of one object so far. A name seen twice gives up the streaming read: the tree
   * keeps the last value at the first one's place. (Jackson's duplicate detection does the same
   * with a hash set per object; most log objects have a handful of fields.)
   */
  private static final class Names {
    private static final int SCANNED = 16;
    private final String[] first = new String[SCANNED];
    private int count;
    private java.util.Set<String> more;

    void clear() {
      count = 0;
      more = null;
    }

    void add(String name) {
      int scanned = Math.min(count, SCANNED);
      for (int i = 0; i < scanned; i++) {
        if (first[i].equals(name)) {
          throw USE_TREE;
        }
      }
      if (count < SCANNED) {
        first[count] = name;
      } else {
        if (more == null) {
          more = new java.util.HashSet<>();
        }
        if (!more.add(name)) {
          throw USE_TREE;
        }
      }
      count++;
    }
  }

  private Object scalar(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> parser.getText();
    };
  }

  /** What {@code JsonNode.asText()} says of a scalar. */
  private static String text(Object scalar) {
    return scalar instanceof Double d ? Double.toString(d) : String.valueOf(scalar);
  }

  private static boolean correlation(String name) {
    return name.regionMatches(true, 0, CORRELATION_PREFIX, 0, CORRELATION_PREFIX.length());
  }

  /** Keeps the text of a level, request id or trace id key (one map lookup per field). */
  private void remember(String name) throws IOException {
    Integer slot = KEY_SLOTS.get(name);
    if (slot != null) {
      String[] found =
          switch (slot >> 3) {
            case 0 -> levels;
            case 1 -> requests;
            default -> traces;
          };
      found[slot & 7] = parser.getText();
    }
  }

  private static Map<String, Integer> keySlots() {
    Map<String, Integer> slots = new java.util.HashMap<>();
    String[][] lists = {LEVEL_KEYS, REQUEST_KEYS, TRACE_KEYS};
    for (int list = 0; list < lists.length; list++) {
      for (int i = 0; i < lists[list].length; i++) {
        slots.put(lists[list][i], list * 8 + i);
      }
    }
    return Map.copyOf(slots);
  }

  private static String first(String[] found) {
    for (String value : found) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
