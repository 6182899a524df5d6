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
 * A function's credentials without the AWS SDK, looked up at each call in the order the SDK's
 * default chain takes the sources a Lambda function has: {@link AwsCredentials#fromSystem} (the
 * {@code aws.*} system properties, then {@code AWS_ACCESS_KEY_ID} and friends, which Lambda sets
 * for functions without SnapStart), then the container credentials endpoint ({@code
 * AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} or its {@code
 * _FILE}, which Lambda uses instead of the variables when SnapStart is on), cached until five
 * minutes before they expire. Without either it throws {@link IllegalStateException} naming what to
 * set: profiles, SSO and instance roles are the SDK's business (the command line's).
 */
public final class FunctionCredentials implements Supplier<AwsCredentials> {
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
  private static final int ATTEMPTS = 3;
  private static final int TIMEOUT_MILLIS = 2_000;

  private final Map<String, String> env;
  private final Properties properties;
  private final Clock clock;
  private AwsCredentials cached;
  private Instant refreshAt = Instant.MIN;

  FunctionCredentials(Map<String, String> env, Properties properties, Clock clock) {
    this.env = env;
    this.properties = properties;
    this.clock = clock;
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
    Optional<AwsCredentials> fixed = AwsCredentials.fromSystem(env, properties);
    if (fixed.isPresent()) {
      return fixed.get();
    }
    String uri = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException(
          "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them,"
              + " or AWS_CONTAINER_CREDENTIALS_FULL_URI under SnapStart)");
    }
    return container(uri.strip());
  }

  private synchronized AwsCredentials container(String uri) {
    if (cached != null && clock.instant().isBefore(refreshAt)) {
      return cached;
    }
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Fetched fetched = fetch(URI.create(uri), token());
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

  private String token() throws IOException {
    String file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    if (file != null && !file.isBlank()) {
      return Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
    }
    String token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    return token == null ? null : token.strip();
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
