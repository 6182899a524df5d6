package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The cluster credentials of basic or api-key auth, read from a Secrets Manager secret at run time
 * (never from the function's environment): JSON with {@code username} and {@code password}, or
 * {@code apiKey} (the encoded Elastic API key). Read on first use, so a SnapStart snapshot holds no
 * credentials and makes no call; kept for the execution environment; read again when the cluster
 * refuses them ({@link #refresh()}), at most once per {@link #MIN_REFRESH_INTERVAL}, so a rotated
 * secret is picked up and a wrong one does not turn every request into a Secrets Manager call. The
 * client is the SDK's, on the url-connection HTTP client, in the secret's region, with the endpoint
 * the SDK takes from {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. Neither
 * the secret nor a value from it ever appears in an exception message or a log line.
 */
final class ClusterSecret {
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
  private static final int MAX_SECRET_CHARS = 65_536; // Secrets Manager's own limit
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+");

  private final String arn;
  private final ShipperConfig.Auth auth;
  private final Function<Region, SecretsManagerClient> clients;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private SecretsManagerClient client;
  private String authorization;
  private Instant readAt;

  ClusterSecret(
      String arn,
      ShipperConfig.Auth auth,
      Function<Region, SecretsManagerClient> clients,
      Clock clock) {
    this.arn = Objects.requireNonNull(arn, "arn == null");
    this.auth = Objects.requireNonNull(auth, "auth == null");
    if (auth != ShipperConfig.Auth.BASIC && auth != ShipperConfig.Auth.API_KEY) {
      throw new ConfigException(
          "ES_SECRET_ARN is read only with basic or api-key auth, not " + auth);
    }
    this.clients = Objects.requireNonNull(clients, "clients == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    regionOf(arn);
  }

  /** A secret read through a real Secrets Manager client, built when it is first needed. */
  static ClusterSecret of(String arn, ShipperConfig.Auth auth) {
    return new ClusterSecret(
        arn,
        auth,
        region ->
            SecretsManagerClient.builder()
                .region(region)
                .httpClient(
                    UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(
                    o ->
                        o.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                            .apiCallTimeout(Duration.ofSeconds(15)))
                .build(),
        Clock.systemUTC());
  }

  /** Signs each request with the credentials held now. */
  RequestSigner signer() {
    return (method, uri, headers, body) -> Map.of("Authorization", authorization());
  }

  /** The {@code Authorization} header value; reads the secret on first use. */
  synchronized String authorization() {
    if (authorization == null) {
      read();
    }
    return authorization;
  }

  /**
   * Reads the secret again after the cluster refused the credentials.
   *
   * @return whether the credentials changed (a retry can succeed); false also when the last read is
   *     more recent than {@link #MIN_REFRESH_INTERVAL}
   */
  synchronized boolean refresh() {
    if (readAt != null && readAt.plus(MIN_REFRESH_INTERVAL).isAfter(clock.instant())) {
      return false;
    }
    String before = authorization;
    read();
    return !authorization.equals(before);
  }

  private void read() {
    GetSecretValueResponse response;
    try {
      if (client == null) {
        client = clients.apply(regionOf(arn));
      }
      response = client.getSecretValue(b -> b.secretId(arn));
    } catch (SdkException e) {
      throw new ShipperException(
          "cannot read the cluster credentials from Secrets Manager ("
              + e.getClass().getSimpleName()
              + "); the invocation is retried",
          e);
    }
    readAt = clock.instant();
    authorization = header(response.secretString());
  }

  private String header(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new ShipperException(
          "the cluster credentials secret has no SecretString (a binary secret is not supported)");
    }
    if (secret.length() > MAX_SECRET_CHARS) {
      throw new ShipperException(
          "the cluster credentials secret is over " + MAX_SECRET_CHARS + " characters");
    }
    JsonNode root;
    try {
      root = json.readTree(secret);
    } catch (IOException e) {
      throw new ShipperException(
          "the cluster credentials secret is not a JSON object"); // no cause: it quotes the text
    }
    if (root == null || !root.isObject()) {
      throw new ShipperException("the cluster credentials secret is not a JSON object");
    }
    if (auth == ShipperConfig.Auth.API_KEY) {
      return "ApiKey " + field(root, "apiKey");
    }
    String token = field(root, "username") + ":" + field(root, "password");
    return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  private static String field(JsonNode root, String name) {
    JsonNode value = root.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new ShipperException(
          "the cluster credentials secret needs a non-empty string \"" + name + "\"");
    }
    return value.asText();
  }

  private static Region regionOf(String arn) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      throw new ConfigException("ES_SECRET_ARN is not a Secrets Manager secret ARN");
    }
    return Region.of(m.group(1));
  }
}
