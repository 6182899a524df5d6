package dev.noops.support.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.JsonObjects;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A function's credentials without the AWS SDK, in the order the SDK's default chain takes the
 * sources a Lambda function has: {@link AwsCredentials#fromSystem} (the {@code aws.*} system
 * properties, looked up at each call as the SDK does, then {@code AWS_ACCESS_KEY_ID} and friends,
 * which Lambda sets for functions without SnapStart), then the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} or its
 * {@code _FILE}, read at each fetch, which Lambda uses instead of the variables when SnapStart is
 * on), cached until five minutes before they expire. The environment does not change while the
 * process runs: its variables are read once. Without either it throws {@link IllegalStateException}
 * naming what to set: profiles, SSO and instance roles are the SDK's business (the command line's).
 */
public final class FunctionCredentials implements Supplier<AwsCredentials> {
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
  private static final int ATTEMPTS = 3;
  private static final int TIMEOUT_MILLIS = 2_000;

  private final Properties properties;
  private final Clock clock;

  /** The environment's credentials, null when it has none. */
  private final AwsCredentials fromEnvironment;

  /** The container credentials endpoint, null when there is none. */
  private final String containerUri;

  private final String tokenFile;
  private final String token;
  private AwsCredentials cached;
  private Instant refreshAt = Instant.MIN;

  FunctionCredentials(Map<String, String> env, Properties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.fromEnvironment = AwsCredentials.fromEnvironment(env).orElse(null);
    this.containerUri = stripped(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
    this.tokenFile = stripped(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
    this.token = stripped(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
  }

  /** The credentials of this process's environment and system properties. */
  public static FunctionCredentials fromSystem() {
    return new FunctionCredentials(System.getenv(), System.getProperties(), Clock.systemUTC());
  }

  /**
   * The credentials to sign with now.
   *
   * @throws IllegalStateException when no source has any, or the container endpoint does not give
   *     them
   */
  @Override
  public AwsCredentials get() {
    Optional<AwsCredentials> fromProperties = AwsCredentials.fromProperties(properties);
    if (fromProperties.isPresent()) {
      return fromProperties.get();
    }
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    if (containerUri == null) {
      throw new IllegalStateException(
          "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them,"
              + " or AWS_CONTAINER_CREDENTIALS_FULL_URI under SnapStart)");
    }
    return container();
  }

  /** {@code value} stripped; null when it is null or blank. */
  private static String stripped(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private synchronized AwsCredentials container() {
    if (cached != null && clock.instant().isBefore(refreshAt)) {
      return cached;
    }
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Fetched fetched = fetch(URI.create(containerUri), token());
        cached = fetched.credentials();
        refreshAt =
            fetched.expiration() == null
                ? clock.instant().plus(REFRESH_BEFORE_EXPIRY)
                : fetched.expiration().minus(REFRESH_BEFORE_EXPIRY);
        return cached;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException(
        "no AWS credentials from the container credentials endpoint: " + last.getMessage(), last);
  }

  /** The token: the file's content, read at each fetch (it may be rotated), else the variable. */
  private String token() throws IOException {
    if (tokenFile != null) {
      return Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
    }
    return token;
  }

  private record Fetched(AwsCredentials credentials, Instant expiration) {}

  private static Fetched fetch(URI uri, String token) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty("Accept", "application/json");
      if (token != null && !token.isEmpty()) {
        connection.setRequestProperty("Authorization", token);
      }
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException("the endpoint answered " + status);
      }
      try (InputStream in = connection.getInputStream()) {
        return parse(in.readAllBytes());
      }
    } finally {
      connection.disconnect();
    }
  }

  private static Fetched parse(byte[] body) throws IOException {
    String key = null;
    String secret = null;
    String session = null;
    String expiration = null;
    try (JsonParser p = JsonObjects.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the endpoint's answer is not a JSON object");
      }
      while (JsonObjects.nextField(p)) {
        switch (p.currentName()) {
          case "AccessKeyId" -> key = p.getValueAsString();
          case "SecretAccessKey" -> secret = p.getValueAsString();
          case "Token" -> session = p.getValueAsString();
          case "Expiration" -> expiration = p.getValueAsString();
          default -> p.skipChildren();
        }
      }
    }
    if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
      throw new IOException("the endpoint's answer has no AccessKeyId and SecretAccessKey");
    }
    Instant expires;
    try {
      expires = expiration == null ? null : Instant.parse(expiration);
    } catch (DateTimeParseException e) {
      expires = null;
    }
    return new Fetched(new AwsCredentials(key, secret, session), expires);
  }
}
