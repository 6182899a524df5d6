package dev.noops.configapi;

import java.util.Objects;

/**
 * One DynamoDB attribute value as the JSON protocol spells it: its type ({@code S}, {@code N},
 * {@code BOOL}, {@code NULL}, ...) and its scalar text. The config table holds strings, numbers and
 * booleans only; a value of another type is kept with its type and a null text, never interpreted.
 */
record Attr(String type, String text) {
  Attr {
    Objects.requireNonNull(type, "type == null");
  }

  static Attr s(String text) {
    return new Attr("S", Objects.requireNonNull(text, "text == null"));
  }

  static Attr n(long number) {
    return new Attr("N", Long.toString(number));
  }

  static Attr bool(boolean flag) {
    return new Attr("BOOL", Boolean.toString(flag));
  }

  /** The string, or null when this is not an {@code S}. */
  String s() {
    return "S".equals(type) ? text : null;
  }

  /** The number's text, or null when this is not an {@code N}. */
  String n() {
    return "N".equals(type) ? text : null;
  }

  /** Whether this is {@code {"BOOL": true}}. */
  boolean isTrue() {
    return "BOOL".equals(type) && "true".equals(text);
  }
}
