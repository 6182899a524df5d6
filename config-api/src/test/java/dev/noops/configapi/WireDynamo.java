package dev.noops.configapi;

import dev.noops.testsupport.AwsWireMock;
import java.time.Clock;
import java.util.Map;

/**
 * DynamoDB scripted on the wire ({@link AwsWireMock}), for what the emulator cannot produce: the
 * handler that calls it as production does, and keys and items as DynamoDB's JSON spells them.
 */
final class WireDynamo {
  /** The {@code X-Amz-Target} of DynamoDB's operations, less the operation. */
  static final String TARGET = "DynamoDB_20120810.";

  private WireDynamo() {}

  /** The DynamoDB client of the scripted server {@code aws}, built as the handler builds it. */
  static DynamoDb dynamoDb(AwsWireMock aws) {
    return new DynamoDb(Dynamo.jsonClient(aws.endpoint()), ConfigApiHandler.CALL_TIMEOUT);
  }

  /** A handler over the config table {@code table} that {@code aws} answers for. */
  static ConfigApiHandler handler(AwsWireMock aws, String table) {
    return new ConfigApiHandler(
        new ConfigApi(
            new ConfigService(
                new ConfigStore(dynamoDb(aws), table), new TestSealer(), Clock.systemUTC())));
  }

  /** The key of the current item of {@code key}. */
  static Map<String, Object> wireKey(String key) {
    return Map.of("pk", Map.of("S", key), "sk", Map.of("N", "0"));
  }

  /** The current item of {@code key}, version 1, holding {@code value}. */
  static Map<String, Object> wireItem(String key, String value) {
    return Map.of(
        "pk",
        Map.of("S", key),
        "sk",
        Map.of("N", "0"),
        "ver",
        Map.of("N", "1"),
        "val",
        Map.of("S", value),
        "enc",
        Map.of("BOOL", false),
        "at",
        Map.of("S", "2026-11-25T10:00:00Z"),
        "by",
        Map.of("S", "k"),
        "live",
        Map.of("S", "1"));
  }
}
