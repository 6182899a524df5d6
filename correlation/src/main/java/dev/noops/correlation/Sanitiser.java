package dev.noops.correlation;

import java.util.Locale;

/**
 * What a hostile caller can put into a correlation ID: nothing that splits a header or a log line,
 * nothing longer than {@link #MAX_VALUE_CHARS}, no name that is not a plain token.
 */
final class Sanitiser {
  /** Longest value kept; longer ones are cut. */
  static final int MAX_VALUE_CHARS = 1024;

  /** Longest ID name accepted; longer ones are dropped. */
  static final int MAX_NAME_CHARS = 128;

  private Sanitiser() {}

  /** The name lower-cased, or null when it is not a token of {@code [a-z0-9._-]}. */
  static String name(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_NAME_CHARS) {
      return null;
    }
    String name = raw.toLowerCase(Locale.ROOT);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!token) {
        return null;
      }
    }
    return name;
  }

  /** The value without control characters, trimmed and capped, or null when nothing is left. */
  static String value(String raw) {
    if (raw == null) {
      return null;
    }
    int limit = Math.min(raw.length(), MAX_VALUE_CHARS * 4);
    StringBuilder out = null;
    for (int i = 0; i < limit; i++) {
      char c = raw.charAt(i);
      if (isControl(c)) {
        if (out == null) {
          out = new StringBuilder(limit).append(raw, 0, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    String clean = out == null ? raw.substring(0, limit) : out.toString();
    clean = clean.strip();
    if (clean.length() > MAX_VALUE_CHARS) {
      int end = MAX_VALUE_CHARS;
      if (Character.isHighSurrogate(clean.charAt(end - 1))) {
        end--;
      }
      clean = clean.substring(0, end);
    }
    return clean.isEmpty() ? null : clean;
  }

  /** Only printable ASCII survives: HTTP header values must not carry anything else. */
  static String headerValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, i);
        for (int j = i; j < value.length(); j++) {
          char d = value.charAt(j);
          if (d >= 0x20 && d <= 0x7e) {
            out.append(d);
          }
        }
        return out.toString();
      }
    }
    return value;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
  }
}
