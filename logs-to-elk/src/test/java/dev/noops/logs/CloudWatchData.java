package dev.noops.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds CloudWatch Logs subscription data the way AWS sends it, and reads the test fixtures. */
final class CloudWatchData {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GROUP = "/aws/lambda/my-function";
  static final String STREAM = "2020/03/27/[$LATEST]5296xmpl084f411d9fb73b258393f30c";

  /** 2020-03-27T03:40:05Z */
  static final long T0 = 1585280405000L;

  private CloudWatchData() {}

  /** A decoded DATA_MESSAGE payload. */
  static byte[] payload(String group, String stream, List<LogEvent> events) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("messageType", "DATA_MESSAGE");
    payload.put("owner", "123456789012");
    payload.put("logGroup", group);
    payload.put("logStream", stream);
    payload.putArray("subscriptionFilters").add("noops");
    ArrayNode array = payload.putArray("logEvents");
    for (LogEvent event : events) {
      array
          .addObject()
          .put("id", event.id())
          .put("timestamp", event.timestamp())
          .put("message", event.message());
    }
    return bytes(payload);
  }

  static byte[] payload(List<LogEvent> events) {
    return payload(GROUP, STREAM, events);
  }

  /** {@code {"awslogs":{"data":base64(gzip(payload))}}}. */
  static byte[] envelope(byte[] payload) {
    return ("{\"awslogs\":{\"data\":\""
            + Base64.getEncoder().encodeToString(gzip(payload))
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A Kinesis event whose records each carry one gzip payload (CloudWatch Logs → Kinesis). */
  static byte[] kinesis(byte[]... payloads) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (int i = 0; i < payloads.length; i++) {
      ObjectNode record = records.addObject();
      record
          .putObject("kinesis")
          .put("partitionKey", "p")
          .put("sequenceNumber", "4956816737" + i)
          .put("data", Base64.getEncoder().encodeToString(gzip(payloads[i])));
      record.put("eventSource", "aws:kinesis");
    }
    return bytes(event);
  }

  /** Events {@code <prefix>-0..n-1}, one millisecond apart, with the given messages. */
  static List<LogEvent> events(String idPrefix, List<String> messages) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      events.add(new LogEvent(idPrefix + "-" + i, T0 + i, messages.get(i)));
    }
    return events;
  }

  static LogEvent event(String message) {
    return new LogEvent(
        "3195310660696698337880902507980421114328961542429822"
            + Math.abs(message.hashCode() % 10000),
        T0,
        message);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] resource(String name) {
    try (InputStream in = CloudWatchData.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource events/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The log events of a documented log sample: a line that starts with whitespace, a brace, or
   * "...", continues the event before it (a multi-line message); so does an XRAY line after a
   * REPORT. Blank lines are dropped.
   */
  static List<String> messages(String fixture) {
    String text = new String(resource(fixture), StandardCharsets.UTF_8);
    List<String> messages = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      boolean continues =
          current != null
              && (Character.isWhitespace(line.charAt(0))
                  || "{}".indexOf(line.charAt(0)) >= 0
                  || line.startsWith("...")
                  || line.startsWith("XRAY "));
      if (continues) {
        current.append('\n').append(line);
      } else {
        if (current != null) {
          messages.add(current.append('\n').toString());
        }
        current = new StringBuilder(line);
      }
    }
    if (current != null) {
      messages.add(current.append('\n').toString());
    }
    return messages;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
