package dev.noops.config;

import java.util.Objects;
import java.util.regex.Pattern;

/** The key grammar of the config API, checked before any request is made. */
final class Keys {
  static final int MAX_LENGTH = 512;
  private static final Pattern GRAMMAR = Pattern.compile("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$");
  private static final int SHOWN = 64;

  private Keys() {}

  /** Returns {@code key} if it is a valid key, else throws with a message naming it. */
  static String check(String key) {
    Objects.requireNonNull(key, "key == null");
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key longer than " + MAX_LENGTH + " characters: " + shown(key));
    }
    if (!GRAMMAR.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "bad key (want /segment/segment of A-Z a-z 0-9 _ . -): " + shown(key));
    }
    // "." and ".." match the grammar but would walk the URL path
    if (key.contains("/./") || key.contains("/../") || key.endsWith("/.") || key.endsWith("/..")) {
      throw new IllegalArgumentException(
          "bad key (. and .. segments are not allowed): " + shown(key));
    }
    return key;
  }

  static String[] segments(String key) {
    return key.substring(1).split("/");
  }

  private static String shown(String key) {
    return key.length() <= SHOWN ? key : key.substring(0, SHOWN) + "…";
  }
}
