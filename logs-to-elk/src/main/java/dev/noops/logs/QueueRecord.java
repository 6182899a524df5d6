package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A record of Lambda's on-failure destination (the message body in the shipper's failure queue):
 * the original invocation input is its {@code requestPayload}.
 */
final class QueueRecord {
  private static final ObjectMapper JSON = new ObjectMapper(Shipper.jsonFactory());

  private QueueRecord() {}

  /**
   * The original input of {@code record}, as JSON bytes.
   *
   * @throws InvalidInputException when the record is not JSON or has no {@code requestPayload}
   *     object
   */
  static byte[] payload(byte[] record) {
    JsonNode payload;
    try {
      payload = JSON.readTree(record).get("requestPayload");
    } catch (IOException e) {
      throw new InvalidInputException("the queue record is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw new InvalidInputException("the queue record has no requestPayload object");
    }
    return payload.toString().getBytes(StandardCharsets.UTF_8);
  }
}
