package dev.noops.configlocal;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The toolkit on one machine: the Dynoxide DynamoDB emulator (persisted under the data folder,
 * or in memory), the config table, the local KMS stand-in, and the config API on loopback HTTP.
 */
public final class LocalStack implements AutoCloseable {
  public static final String DB_FILE = "dynamodb.sqlite";
  public static final String KMS_KEY_FILE = "local-kms.key";
  public static final String API_KEY_FILE = "api-key";

  private final DynamoDbEmulator emulator;
  private final DynamoDbClient dynamo;
  private final LocalConfigServer server;
  private final String apiKey;
  private final Path dataDir;

  private LocalStack(DynamoDbEmulator emulator, DynamoDbClient dynamo, LocalConfigServer server, String apiKey, Path dataDir) {
    this.emulator = emulator;
    this.dynamo = dynamo;
    this.server = server;
    this.apiKey = apiKey;
    this.dataDir = dataDir;
  }

  /** Starts everything; {@code dataDir} null means in memory (nothing written to disk). */
  public static LocalStack start(int port, Path dataDir, String apiKeyOption) {
    DynamoDbEmulator emulator = dataDir == null ? DynamoDbEmulator.inMemory()
        : DynamoDbEmulator.persistentAt(dataDir.resolve(DB_FILE));
    DynamoDbClient dynamo = null;
    try {
      dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
          .httpClient(UrlConnectionHttpClient.create()).build();
      LocalTable.createIfAbsent(dynamo, LocalTable.DEFAULT_NAME);
      LocalKeyRing keyRing = dataDir == null ? LocalKeyRing.ephemeral() : LocalKeyRing.loadOrCreate(dataDir.resolve(KMS_KEY_FILE));
      String apiKey = apiKeyOption != null ? apiKeyOption : dataDir == null ? newApiKey() : apiKeyIn(dataDir.resolve(API_KEY_FILE));
      LocalConfigServer server = LocalConfigServer.builder().dynamo(dynamo).keyRing(keyRing).apiKey(apiKey).port(port).start();
      return new LocalStack(emulator, dynamo, server, apiKey, dataDir);
    } catch (RuntimeException e) {
      if (dynamo != null) {
        dynamo.close();
      }
      emulator.close();
      throw e;
    }
  }

  /** The config API's base URL. */
  public URI baseUrl() {
    return server.baseUrl();
  }

  /** The local KMS look-alike's URL ({@code AWS_ENDPOINT_URL_KMS}). */
  public URI kmsUrl() {
    return server.kmsUrl();
  }

  /** The API key every request must carry in {@code x-api-key}. */
  public String apiKey() {
    return apiKey;
  }

  /** Where the data lives, or null when in memory. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.close();
    dynamo.close();
    emulator.close();
  }

  // generated once and kept, so that curl lines and NOOPS_CONFIG_API_KEY survive a restart
  private static String apiKeyIn(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      String key = newApiKey();
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "api-key-", ".part",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, key + "\n");
      Files.move(temp, file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the API key file " + file, e);
    }
  }

  private static String newApiKey() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return "noops-local-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
