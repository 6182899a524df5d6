package dev.noops.metrics;

import java.util.Optional;

/**
 * Reads the top-level {@code "message"} string of one JSON log line (Lambda's JSON log format,
 * Powertools-style loggers) without a JSON library: the producer side of this module has no
 * dependencies. Anything that is not a well-formed JSON object gives an empty answer.
 */
final class JsonMessage {
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private JsonMessage(String text, int start) {
    this.text = text;
    this.pos = start;
  }

  /** The top-level "message" string of {@code text} (which starts with '{' at {@code start}). */
  static Optional<String> of(String text, int start) {
    try {
      return Optional.ofNullable(new JsonMessage(text, start).topLevelMessage());
    } catch (IndexOutOfBoundsException | IllegalStateException | NumberFormatException notJson) {
      return Optional.empty();
    }
  }

  private String topLevelMessage() {
    String message = null;
    expect('{');
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return finish(null);
    }
    while (true) {
      skipWhitespace();
      String key = readString();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (key.equals("message") && peek() == '"') {
        message = readString();
      } else {
        skipValue(1);
      }
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == '}') {
        return finish(message);
      }
      if (next != ',') {
        throw new IllegalStateException("expected , or }");
      }
    }
  }

  private String finish(String message) {
    skipWhitespace();
    if (pos != text.length()) {
      throw new IllegalStateException("trailing text");
    }
    return message;
  }

  private void skipValue(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("too deep");
    }
    char c = peek();
    switch (c) {
      case '"' -> readString();
      case '{' -> skipContainer('{', '}', depth, true);
      case '[' -> skipContainer('[', ']', depth, false);
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> skipNumber();
    }
  }

  private void skipContainer(char open, char close, int depth, boolean object) {
    expect(open);
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (object) {
        readString();
        skipWhitespace();
        expect(':');
        skipWhitespace();
      }
      skipValue(depth + 1);
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == close) {
        return;
      }
      if (next != ',') {
        throw new IllegalStateException("expected , or " + close);
      }
    }
  }

  private void skipNumber() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    Double.parseDouble(text.substring(start, pos));
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw new IllegalStateException("expected " + word);
    }
    pos += word.length();
  }

  private String readString() {
    expect('"');
    StringBuilder out = null;
    int start = pos;
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out == null ? text.substring(start, pos - 1) : out.toString();
      }
      if (c < 0x20) {
        throw new IllegalStateException("control character in string");
      }
      if (c == '\\') {
        if (out == null) {
          out = new StringBuilder(text.substring(start, pos - 1));
        }
        out.append(unescape(text.charAt(pos++)));
      } else if (out != null) {
        out.append(c);
      }
    }
  }

  private char unescape(char escaped) {
    return switch (escaped) {
      case '"', '\\', '/' -> escaped;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        char decoded = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
        pos += 4;
        yield decoded;
      }
      default -> throw new IllegalStateException("bad escape");
    };
  }

  private void expect(char c) {
    if (text.charAt(pos++) != c) {
      throw new IllegalStateException("expected " + c);
    }
  }

  private char peek() {
    return text.charAt(pos);
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
