package dev.noops.configlocal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON for the HTTP-level tests, and the API's documented page-token form (base64url of {@code
 * k<key>}).
 */
final class TestJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private TestJson() {}

  static String keyToken(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("k" + key).getBytes(StandardCharsets.UTF_8));
  }
}
