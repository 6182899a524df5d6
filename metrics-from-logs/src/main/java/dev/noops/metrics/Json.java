package dev.noops.metrics;

/** The few JSON-writing helpers this module needs (it has no JSON library on purpose). */
final class Json {
  private Json() {}

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
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** A finite double as a JSON number, integral values without a fraction. */
  static StringBuilder number(StringBuilder out, double value) {
    return out.append(LineGrammar.number(value));
  }
}
