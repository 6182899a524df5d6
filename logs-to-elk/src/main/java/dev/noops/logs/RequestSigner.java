package dev.noops.logs;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Adds authentication headers to a request: none, HTTP basic, an Elastic API key, or AWS SigV4
 * ({@link SigV4Signer}). The headers given are the ones the request already carries (signed by
 * SigV4).
 */
interface RequestSigner {
  RequestSigner NONE = (method, uri, headers, body) -> Map.of();

  Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body);

  static RequestSigner basic(String username, String password) {
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    String token =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    Map<String, String> header = Map.of("Authorization", "Basic " + token);
    return (method, uri, headers, body) -> header;
  }

  /** An Elastic API key, in the encoded form Elasticsearch returns ({@code base64(id:key)}). */
  static RequestSigner apiKey(String encoded) {
    Objects.requireNonNull(encoded, "encoded == null");
    Map<String, String> header = Map.of("Authorization", "ApiKey " + encoded);
    return (method, uri, headers, body) -> header;
  }
}
