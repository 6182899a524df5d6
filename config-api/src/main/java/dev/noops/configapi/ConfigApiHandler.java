package dev.noops.configapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.noops.lambda.Lazy;
import dev.noops.lambda.SnapStartHook;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.support.aws.FunctionCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Lambda entry point, behind an API Gateway REST API with Lambda proxy integration. It reads
 * the proxy event itself (a stream handler: no reflection-based event model, and the local server
 * feeds it the very same JSON), calls the config API, and writes the proxy response.
 *
 * <p>Environment: {@code NOOPS_CONFIG_TABLE} (the DynamoDB table) and {@code
 * NOOPS_CONFIG_KMS_KEY_ID} (the key that {@code "encrypt": true} uses). Region, endpoints and
 * credentials come from the SDK's usual variables and system properties ({@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL[_DYNAMODB|_KMS]}, {@code AWS_ACCESS_KEY_ID}...), read without the SDK: DynamoDB
 * and KMS are called on their JSON protocols ({@link AwsJsonClient}), whose clients cost a cold
 * start nothing to build. Credentials without the SDK either: the variables, else the container
 * credentials endpoint Lambda serves under SnapStart ({@link FunctionCredentials}).
 */
public final class ConfigApiHandler implements RequestStreamHandler {
  /**
   * The most one DynamoDB or KMS call may take, retries included, well inside API Gateway's 29 s.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final ConfigApi api;

  /**
   * Held here because the CRaC context keeps its resources only weakly; null when built around a
   * given API.
   */
  private final ConfigPriming priming;

  /**
   * Builds the DynamoDB client once per execution environment (the KMS client at the first secret
   * write), from the environment, and registers the SnapStart priming hook ({@link ConfigPriming}).
   */
  public ConfigApiHandler() {
    this(System.getenv());
    SnapStartHook.registerIfSnapshotted(priming, System.getenv());
  }

  /**
   * The production wiring from {@code env} ({@code NOOPS_CONFIG_TABLE}, {@code
   * NOOPS_CONFIG_KMS_KEY_ID}); AWS settings from the process's environment and system properties.
   */
  ConfigApiHandler(Map<String, String> env) {
    String table = required(env, "NOOPS_CONFIG_TABLE");
    String keyId = required(env, "NOOPS_CONFIG_KMS_KEY_ID");
    AwsEndpoints aws = AwsEndpoints.fromSystem();
    FunctionCredentials credentials = FunctionCredentials.fromSystem();
    DynamoDb dynamo = new DynamoDb(DynamoDb.client(aws, credentials, CALL_TIMEOUT), CALL_TIMEOUT);
    Lazy<AwsJsonClient> kms = new Lazy<>(() -> KmsEncryptor.client(aws, credentials, CALL_TIMEOUT));
    this.api =
        new ConfigApi(
            new ConfigService(
                new ConfigStore(dynamo, table),
                new KmsEncryptor(kms, keyId, CALL_TIMEOUT),
                Clock.systemUTC()));
    this.priming = new ConfigPriming(List.of(() -> dynamo, kms));
  }

  /**
   * A handler over the DynamoDB table {@code table} that {@code dynamo} reaches (a client of the
   * DynamoDB JSON protocol, e.g. pointed at a local emulator) and seals secrets with {@code
   * encryptor}: how {@code noops local} and tests run the very handler Lambda runs. The table must
   * have the schema {@link ConfigTableSchema} describes.
   */
  public static ConfigApiHandler create(AwsJsonClient dynamo, String table, Encryptor encryptor) {
    return create(dynamo, table, encryptor, null);
  }

  /**
   * Like {@link #create}, for a table that this handler alone writes (no other process, no other
   * handler): it keeps the current entries it reads in memory and answers reads of them without a
   * DynamoDB call, forgetting a key whenever it writes it. {@code noops local} runs this way over
   * its private emulator; Lambda never does (many environments write one table).
   */
  public static ConfigApiHandler createSoleWriter(
      AwsJsonClient dynamo, String table, Encryptor encryptor) {
    return create(dynamo, table, encryptor, new CurrentEntries());
  }

  private static ConfigApiHandler create(
      AwsJsonClient dynamo, String table, Encryptor encryptor, CurrentEntries kept) {
    Objects.requireNonNull(dynamo, "dynamo == null");
    Objects.requireNonNull(table, "table == null");
    Objects.requireNonNull(encryptor, "encryptor == null");
    return new ConfigApiHandler(
        new ConfigApi(
            new ConfigService(
                new ConfigStore(new DynamoDb(dynamo, CALL_TIMEOUT), table, kept),
                encryptor,
                Clock.systemUTC())));
  }

  ConfigApiHandler(ConfigApi api) {
    this.api = Objects.requireNonNull(api, "api == null");
    this.priming = null;
  }

  ConfigApi api() {
    return api;
  }

  /** The SnapStart hook this handler registers (tests call it directly). */
  ConfigPriming priming() {
    return priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ProxyRequest request;
    try {
      request = ProxyEvents.read(input);
    } catch (IOException malformed) {
      ProxyEvents.write(
          Responses.error(
              400, "InvalidEvent", "the event is not an API Gateway REST proxy event", Map.of()),
          output);
      return;
    }
    ProxyEvents.write(api.handle(request), output);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set; the SAM template sets it on the function");
    }
    return value;
  }
}
