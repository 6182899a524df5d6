package dev.noops.configapi;

import java.util.regex.Pattern;

/** A config key: a path like {@code /orders/db-url}, checked once at the edge. */
record ConfigKey(String path) {
  static final int MAX_LENGTH = 512;
  private static final Pattern SHAPE = Pattern.compile("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$");
  private static final Pattern DOTS_ONLY = Pattern.compile("(^|/)\\.+(/|$)");

  ConfigKey {
    check(path);
  }

  static ConfigKey of(String path) {
    return new ConfigKey(path);
  }

  static void check(String path) {
    if (path == null || path.isEmpty()) {
      throw new ConfigException(ConfigException.Reason.INVALID_KEY, "the key is missing");
    }
    if (path.length() > MAX_LENGTH) {
      throw new ConfigException(
          ConfigException.Reason.INVALID_KEY,
          "the key is " + path.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!SHAPE.matcher(path).matches()) {
      throw new ConfigException(
          ConfigException.Reason.INVALID_KEY,
          "a key is /segment[/segment...] where a segment is letters, digits, '_', '.' or '-': "
              + printable(path));
    }
    // "." and ".." would read as relative paths to every tool that shows a key
    if (DOTS_ONLY.matcher(path).find()) {
      throw new ConfigException(
          ConfigException.Reason.INVALID_KEY,
          "a key segment cannot be only dots: " + printable(path));
    }
  }

  /**
   * The key for a message: control characters escaped and long keys shortened, so a hostile key
   * cannot forge log or error text.
   */
  static String printable(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length() && out.length() < 80; i++) {
      char c = raw.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return raw.length() > 80 ? out + "..." : out.toString();
  }
}
