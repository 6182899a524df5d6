package dev.noops.support.aws;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * An access key, its secret and (for temporary credentials, which Lambda always hands a function)
 * the session token. {@link #toString()} never shows the secret or the token.
 *
 * @param accessKeyId the access key ID
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token, or {@code null} for long-term keys
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
  /** Checks that the key and the secret are set. */
  public AwsCredentials {
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new IllegalArgumentException("the access key ID is empty");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("the secret access key is empty");
    }
    if (sessionToken != null && sessionToken.isBlank()) {
      sessionToken = null;
    }
  }

  /**
   * The credentials the SDK's default chain finds first without a file or a network call: the
   * system properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}/{@code aws.sessionToken},
   * then the environment variables {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code
   * AWS_SESSION_TOKEN} (which Lambda sets for every function). Empty when neither is complete.
   */
  public static Optional<AwsCredentials> fromSystem(
      Map<String, String> env, Properties properties) {
    Objects.requireNonNull(env, "env == null");
    Optional<AwsCredentials> fromProperties = fromProperties(properties);
    return fromProperties.isPresent() ? fromProperties : fromEnvironment(env);
  }

  /** {@code aws.accessKeyId}/{@code aws.secretAccessKey}/{@code aws.sessionToken}, when set. */
  static Optional<AwsCredentials> fromProperties(Properties properties) {
    Objects.requireNonNull(properties, "properties == null");
    return of(
        properties.getProperty("aws.accessKeyId"),
        properties.getProperty("aws.secretAccessKey"),
        properties.getProperty("aws.sessionToken"));
  }

  /**
   * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, when set.
   */
  static Optional<AwsCredentials> fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env == null");
    return of(
        env.get("AWS_ACCESS_KEY_ID"),
        env.get("AWS_SECRET_ACCESS_KEY"),
        env.get("AWS_SESSION_TOKEN"));
  }

  private static Optional<AwsCredentials> of(String key, String secret, String sessionToken) {
    return present(key) && present(secret)
        ? Optional.of(new AwsCredentials(key, secret, sessionToken))
        : Optional.empty();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId=" + accessKeyId + ", secret and token hidden]";
  }
}
