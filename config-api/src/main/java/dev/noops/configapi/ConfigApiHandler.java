package dev.noops.configapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The Lambda entry point, behind an API Gateway REST API with Lambda proxy integration. It reads
 * the proxy event itself (a stream handler: no reflection-based event model, and the local server
 * feeds it the very same JSON), calls the config API, and writes the proxy response.
 *
 * <p>Environment: {@code NOOPS_CONFIG_TABLE} (the DynamoDB table) and {@code NOOPS_CONFIG_KMS_KEY_ID}
 * (the key that {@code "encrypt": true} uses). Region and endpoints come from the SDK's usual
 * {@code AWS_REGION} / {@code AWS_ENDPOINT_URL[_SERVICE]} variables.
 */
public final class ConfigApiHandler implements RequestStreamHandler {
  /** The most one DynamoDB or KMS call may take, retries included, well inside API Gateway's 29 s. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final ConfigApi api;

  /** Builds the DynamoDB and KMS clients once per execution environment, from the environment. */
  public ConfigApiHandler() {
    this(fromEnvironment(System.getenv()));
  }

  ConfigApiHandler(ConfigApi api) {
    this.api = Objects.requireNonNull(api, "api == null");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    ProxyRequest request;
    try {
      request = ProxyEvents.read(input);
    } catch (IOException malformed) {
      ProxyEvents.write(Responses.error(400, "InvalidEvent", "the event is not an API Gateway REST proxy event", Map.of()), output);
      return;
    }
    ProxyEvents.write(api.handle(request), output);
  }

  static ConfigApi fromEnvironment(Map<String, String> env) {
    String table = required(env, "NOOPS_CONFIG_TABLE");
    String keyId = required(env, "NOOPS_CONFIG_KMS_KEY_ID");
    ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy()) // retries bounded by the call timeout below
        .apiCallTimeout(CALL_TIMEOUT).build();
    DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(timeouts).build();
    KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(timeouts).build();
    return new ConfigApi(new ConfigService(new ConfigStore(dynamo, table), new KmsEncryptor(kms, keyId), Clock.systemUTC()));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; the SAM template sets it on the function");
    }
    return value;
  }
}
