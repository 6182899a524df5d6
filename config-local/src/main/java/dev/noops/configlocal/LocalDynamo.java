package dev.noops.configlocal;

import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsJsonClient;
import java.net.URI;
import java.time.Duration;

/**
 * The client of the local DynamoDB emulator, on DynamoDB's JSON protocol as the Lambda calls it.
 */
final class LocalDynamo {
  /** What the emulator takes as credentials: anything, as long as the request is signed. */
  private static final AwsCredentials LOCAL = new AwsCredentials("local", "local", null);

  private LocalDynamo() {}

  /** A client of the emulator at {@code endpoint}. */
  static AwsJsonClient client(URI endpoint) {
    return AwsJsonClient.builder()
        .signingName("dynamodb")
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(() -> LOCAL)
        .json("1.0", "DynamoDB_20120810")
        .attemptTimeout(Duration.ofSeconds(5))
        // a batch read of 100 values of 256 KiB, JSON-escaped, as config-api's DynamoDb allows
        .maxAnswerBytes(100 << 20)
        .build();
  }
}
