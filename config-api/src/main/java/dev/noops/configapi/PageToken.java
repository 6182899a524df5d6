package dev.noops.configapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken}s: base64url of the last key listed or the last version returned.
 * They carry only what a client already saw, and are checked on the way back in.
 */
final class PageToken {
  private static final int MAX_LENGTH = 1024;

  private PageToken() {}

  static String ofKey(String key) {
    return encode("k" + key);
  }

  static String ofVersion(long version) {
    return encode("v" + version);
  }

  static String key(String token) {
    String raw = decode(token, 'k');
    try {
      return ConfigKey.of(raw).path();
    } catch (ConfigException e) {
      throw invalid();
    }
  }

  static long version(String token) {
    String raw = decode(token, 'v');
    if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
      throw invalid();
    }
    return Long.parseLong(raw);
  }

  private static String encode(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token, char kind) {
    if (token.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.isEmpty() || raw.charAt(0) != kind) {
        throw invalid();
      }
      return raw.substring(1);
    } catch (IllegalArgumentException notBase64) {
      throw invalid();
    }
  }

  private static ConfigException invalid() {
    return new ConfigException(
        ConfigException.Reason.INVALID_QUERY,
        "nextToken is not one this API issued for this listing");
  }
}
