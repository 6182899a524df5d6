package dev.noops.config;

import java.net.URI;
import java.time.Duration;

/**
 * Runs inside an isolated class loader for {@link LazyKmsTest}: plain reads and secret reads of a
 * client built there, answered as strings so that no type crosses the loader boundary.
 */
public final class KmsLoadProbe {
  // loading OkHttp and the whole SDK in a fresh loader on a shared machine is not what is under
  // test
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private KmsLoadProbe() {}

  /** Reads {@code key} with get() and returns the value. */
  public static String readPlain(String baseUrl, String apiKey, String key) {
    try (ConfigClient client =
        ConfigClient.builder().baseUrl(baseUrl).apiKey(apiKey).timeout(GENEROUS).build()) {
      return client.get(key);
    }
  }

  /**
   * Reads {@code plainKey} with get(), then {@code secretKey} with getSecret(); returns the
   * plaintext or the error.
   */
  public static String readPlainThenSecret(
      String baseUrl, String apiKey, String plainKey, String secretKey, String kms) {
    try (ConfigClient client =
        ConfigClient.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey)
            .timeout(GENEROUS)
            .kmsEndpoint(URI.create(kms))
            .build()) {
      client.get(plainKey);
      return client.getSecret(secretKey);
    } catch (ConfigException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
