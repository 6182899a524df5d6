package dev.noops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a log file given to the CLI: a CloudWatch Logs subscription event ({@code
 * {"awslogs":{"data": base64(gzip(json))}}}), a decoded CloudWatch Logs payload, or a plain log
 * file with one event per line. Anything else is an {@link UnreadableInputException} naming why.
 */
final class LogFileReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * CloudWatch Logs delivers at most 1 MB compressed; decompressed payloads stay far below this.
   */
  private static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;

  private LogFileReader() {}

  /** One event of a file. */
  record Event(String message, Instant timestamp) {}

  /** A file's events and the log group they came from (null when unknown). */
  record Events(String logGroup, List<Event> events) {}

  static Events read(Path file, String plainLogGroup) throws UnreadableInputException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableInputException(InputProblems.unreadable(file, e));
    }
    Optional<String> problem = InputProblems.precheck(bytes);
    if (problem.isPresent()) {
      throw new UnreadableInputException(problem.get());
    }
    String text = utf8(bytes, "the file");
    JsonNode root = tryJson(text);
    if (root != null && root.has("awslogs")) {
      return payload(decodeEnvelope(root.get("awslogs")));
    }
    if (root != null && root.has("logEvents")) {
      return payload(root);
    }
    return plain(text, plainLogGroup);
  }

  /**
   * The file as one JSON object, or null for a plain log file. A file that starts as a JSON
   * document but breaks off (a truncated event) is refused, unless its first line is a JSON object
   * of its own: then it is a plain file of JSON log lines.
   */
  private static JsonNode tryJson(String text) throws UnreadableInputException {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(trimmed);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      if (isJsonObject(trimmed.lines().findFirst().orElse(""))) {
        return null;
      }
      throw new UnreadableInputException(InputProblems.NOT_CLOUDWATCH_DATA + invalidJson(e));
    }
  }

  private static boolean isJsonObject(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** Where the JSON broke, never the text it met (the same words as the shipper's). */
  private static String invalidJson(JsonProcessingException e) {
    return e.getLocation() == null
        ? "invalid JSON"
        : "invalid JSON at line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr();
  }

  private static JsonNode decodeEnvelope(JsonNode awslogs) throws UnreadableInputException {
    JsonNode data = awslogs.get("data");
    if (data == null || !data.isTextual()) {
      throw notCloudWatchData("awslogs.data is missing or not a string");
    }
    byte[] compressed;
    try {
      compressed = Base64.getMimeDecoder().decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw notCloudWatchData("data is not base64");
    }
    if (compressed.length < 2 || (compressed[0] & 0xff) != 0x1f || (compressed[1] & 0xff) != 0x8b) {
      throw notCloudWatchData("data is not gzip");
    }
    byte[] json;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      json = in.readNBytes(MAX_DECOMPRESSED + 1); // reading to the end checks the gzip trailer
    } catch (EOFException e) {
      throw notCloudWatchData("data's gzip stream is cut short (truncated)");
    } catch (ZipException e) {
      throw notCloudWatchData(
          String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("trailer")
              ? "data's gzip checksum or length does not match its content (corrupt gzip trailer)"
              : "data's gzip stream is corrupt ("
                  + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                  + ")");
    } catch (IOException e) {
      throw notCloudWatchData("data's gzip stream is unreadable (" + e.getMessage() + ")");
    }
    if (json.length > MAX_DECOMPRESSED) {
      throw notCloudWatchData("data decompresses to more than " + MAX_DECOMPRESSED + " bytes");
    }
    try {
      JsonNode payload = JSON.readTree(utf8(json, "data"));
      if (payload == null || !payload.isObject()) {
        throw notCloudWatchData("the payload is not a JSON object");
      }
      return payload;
    } catch (JsonProcessingException e) {
      throw notCloudWatchData(invalidJson(e));
    }
  }

  private static UnreadableInputException notCloudWatchData(String reason) {
    return new UnreadableInputException(InputProblems.NOT_CLOUDWATCH_DATA + reason);
  }

  private static Events payload(JsonNode payload) throws UnreadableInputException {
    String messageType = payload.path("messageType").asText("DATA_MESSAGE");
    if (messageType.equals("CONTROL_MESSAGE")) {
      return new Events(null, List.of());
    }
    JsonNode logEvents = payload.get("logEvents");
    if (logEvents == null || !logEvents.isArray()) {
      throw notCloudWatchData("logEvents is missing or not an array");
    }
    JsonNode logGroup = payload.get("logGroup");
    List<Event> events = new ArrayList<>(logEvents.size());
    for (JsonNode event : logEvents) {
      JsonNode message = event.get("message");
      JsonNode timestamp = event.get("timestamp");
      if (message == null
          || !message.isTextual()
          || timestamp == null
          || !timestamp.canConvertToLong()) {
        throw notCloudWatchData(
            "logEvents[" + events.size() + "] needs a string message and a numeric timestamp");
      }
      events.add(new Event(message.asText(), Instant.ofEpochMilli(timestamp.asLong())));
    }
    return new Events(logGroup != null && logGroup.isTextual() ? logGroup.asText() : null, events);
  }

  private static Events plain(String text, String logGroup) {
    Instant now = Instant.now();
    List<Event> events = new ArrayList<>();
    text.lines().filter(line -> !line.isBlank()).forEach(line -> events.add(new Event(line, now)));
    return new Events(logGroup, events);
  }

  private static String utf8(byte[] bytes, String what) throws UnreadableInputException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UnreadableInputException(what + " is not valid UTF-8");
    }
  }

  /** The input cannot be read as any of the supported shapes; the message says why. */
  static final class UnreadableInputException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableInputException(String reason) {
      super(reason);
    }
  }
}
