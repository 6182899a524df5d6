package dev.noops.logs;

import static dev.noops.logs.PayloadDecoder.expect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one decoded CloudWatch Logs payload ({@code messageType}, {@code owner}, {@code logGroup},
 * {@code logStream}, {@code logEvents}). Events are streamed when the metadata comes first, as AWS
 * writes it; otherwise they are held until the metadata has been read.
 */
final class PayloadReader {
  /** Elasticsearch and OpenSearch reject a document {@code _id} longer than 512 bytes. */
  static final int MAX_ID_BYTES = 512;

  private final JsonParser parser;
  private final String region;
  private final PayloadSink sink;
  private String messageType;
  private String owner;
  private String logGroup;
  private String logStream;
  private List<RawEvent> early;
  private boolean sawEvents;

  PayloadReader(JsonParser parser, String region, PayloadSink sink) {
    this.parser = parser;
    this.region = region;
    this.sink = sink;
  }

  void read() throws IOException {
    expect(parser.nextToken() == JsonToken.START_OBJECT, "the payload is not a JSON object");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "messageType" -> messageType = text(value, field);
        case "owner" -> owner = text(value, field);
        case "logGroup" -> logGroup = text(value, field);
        case "logStream" -> logStream = text(value, field);
        case "logEvents" -> readEvents(value);
        default -> parser.skipChildren();
      }
    }
    expect(messageType != null, "messageType is missing: not a CloudWatch Logs payload");
    if (messageType.equals("CONTROL_MESSAGE")) {
      return;
    }
    expect(messageType.equals("DATA_MESSAGE"), "unknown messageType: " + abbreviate(messageType));
    expect(logGroup != null && logStream != null, "logGroup or logStream is missing");
    expect(sawEvents, "logEvents is missing");
    if (early != null) {
      LogContext context = context();
      early.forEach(event -> sink.event(context, event.checked()));
    }
  }

  private void readEvents(JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY, "logEvents is not an array");
    sawEvents = true;
    boolean control = "CONTROL_MESSAGE".equals(messageType);
    LogContext context =
        logGroup != null && logStream != null && messageType != null ? context() : null;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (control) {
        parser.skipChildren(); // a health check: its events carry no id
        continue;
      }
      RawEvent event = readEvent();
      if (context != null) {
        sink.event(context, event.checked());
      } else {
        if (early == null) {
          early = new ArrayList<>();
        }
        early.add(event);
      }
    }
  }

  private RawEvent readEvent() throws IOException {
    expect(parser.currentToken() == JsonToken.START_OBJECT, "a log event is not an object");
    String id = null;
    Long timestamp = null;
    String message = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = text(value, "logEvents[].id");
        case "timestamp" -> {
          expect(value == JsonToken.VALUE_NUMBER_INT, "logEvents[].timestamp is not an integer");
          timestamp = parser.getLongValue();
        }
        case "message" -> message = text(value, "logEvents[].message");
        default -> parser.skipChildren();
      }
    }
    return new RawEvent(id, timestamp, message);
  }

  /**
   * An event as read; checked only when it is used, since a CONTROL_MESSAGE's events have no id.
   */
  record RawEvent(String id, Long timestamp, String message) {
    LogEvent checked() {
      expect(id != null && !id.isEmpty(), "a log event has no id");
      expect(
          id.length() <= 128
              || id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_ID_BYTES,
          "a log event id is longer than " + MAX_ID_BYTES + " bytes");
      if (timestamp == null || message == null) { // the reason is built only when it is needed
        throw new InvalidInputException(
            "log event "
                + abbreviate(id)
                + (timestamp == null ? " has no timestamp" : " has no message"));
      }
      return new LogEvent(id, timestamp, message);
    }
  }

  private LogContext context() {
    return new LogContext(owner, region, logGroup, logStream);
  }

  private String text(JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_STRING) { // the reason is built only when it is needed
      throw new InvalidInputException(field + " is not a string");
    }
    return parser.getText();
  }

  private static String abbreviate(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "…" : value;
  }
}
