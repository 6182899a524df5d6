package dev.noops.correlation;

import java.util.Map;

/**
 * Writes the flat string-to-string objects this library forwards, and splices them into payloads.
 */
final class JsonWriter {
  private JsonWriter() {}

  /** {@code {"name":"value",...}} with every string escaped. */
  static String object(Map<String, String> members) {
    StringBuilder out = new StringBuilder(32 + members.size() * 48).append('{');
    for (Map.Entry<String, String> member : members.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, member.getKey()).append(':');
      string(out, member.getValue());
    }
    return out.append('}').toString();
  }

  /**
   * {@code json} (which the caller has checked is one JSON object) with {@code "name":rawValue} as
   * its first member. Splicing text rather than re-serialising leaves the user's own bytes (number
   * formats, key order, escapes) exactly as they were.
   */
  static String prependMember(String json, String name, String rawValue) {
    int brace = json.indexOf('{');
    int next = brace + 1;
    while (next < json.length() && Character.isWhitespace(json.charAt(next))) {
      next++;
    }
    boolean empty = next < json.length() && json.charAt(next) == '}';
    StringBuilder out = new StringBuilder(json.length() + name.length() + rawValue.length() + 8);
    out.append(json, 0, brace + 1);
    string(out, name).append(':').append(rawValue);
    if (!empty) {
      out.append(',');
    }
    return out.append(json, brace + 1, json.length()).toString();
  }

  static StringBuilder string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
