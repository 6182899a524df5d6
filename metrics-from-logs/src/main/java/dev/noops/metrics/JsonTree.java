package dev.noops.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one JSON document into maps, lists, strings, doubles, booleans and nulls, for the few
 * platform records this module reads (Lambda's JSON log format); no JSON library on purpose.
 * Anything that is not well-formed JSON, or nests deeper than 32, gives an empty answer.
 */
final class JsonTree {
  private static final int MAX_DEPTH = 32;

  private final String text;
  private int pos;

  private JsonTree(String text) {
    this.text = text;
  }

  static Optional<Object> parse(String text) {
    JsonTree reader = new JsonTree(text);
    try {
      Object value = reader.value(0);
      reader.skipWhitespace();
      return reader.pos == text.length() ? Optional.ofNullable(value) : Optional.empty();
    } catch (IndexOutOfBoundsException | IllegalStateException | NumberFormatException notJson) {
      return Optional.empty();
    }
  }

  /** The value at a path of object keys, or null. */
  static Object at(Object root, String... keys) {
    Object current = root;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("too deep");
    }
    skipWhitespace();
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (text.charAt(pos) == '}') {
      pos++;
      return object;
    }
    while (true) {
      skipWhitespace();
      String key = string();
      skipWhitespace();
      expect(':');
      object.put(key, value(depth + 1));
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == '}') {
        return object;
      }
      if (next != ',') {
        throw new IllegalStateException("expected , or }");
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> array = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (text.charAt(pos) == ']') {
      pos++;
      return array;
    }
    while (true) {
      array.add(value(depth + 1));
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == ']') {
        return array;
      }
      if (next != ',') {
        throw new IllegalStateException("expected , or ]");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new IllegalStateException("control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = text.charAt(pos++);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw new IllegalStateException("bad escape");
      }
    }
  }

  private Double number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalStateException("not a value");
    }
    return Double.valueOf(text.substring(start, pos));
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw new IllegalStateException("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (text.charAt(pos++) != c) {
      throw new IllegalStateException("expected " + c);
    }
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
