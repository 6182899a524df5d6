package dev.noops.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic (seeded) CloudWatch Logs payloads built byte by byte to reach every corner of
 * decoding, parsing and document writing: Lambda's own lines, runtime prefixes, MONITORING lines,
 * stack traces, JSON lines of every shape and number kind, and hostile text (control characters,
 * quotes and backslashes, astral characters, lone surrogates written as JSON escapes, invalid UTF-8
 * bytes, strings of 100,000 characters). Byte-for-byte tests of the shipper's output use it.
 */
final class HostileLogs {
  private static final String[] LEVELS = {
    "INFO", "info", "WARN", "Warning", "ERROR", "DEBUG", "TRACE", "FATAL", "CRITICAL", "notice"
  };
  private static final String[] KEYS = {
    "message",
    "msg",
    "level",
    "levelname",
    "severity",
    "log.level",
    "logLevel",
    "requestId",
    "AWSRequestId",
    "function_request_id",
    "traceId",
    "xray_trace_id",
    "x-correlation-id",
    "X-Correlation-Trace",
    "errorType",
    "errorMessage",
    "stackTrace",
    "stack",
    "logger",
    "loggerName",
    "type",
    "record",
    "a",
    "a.b",
    "",
    "ключ",
    "q\"uote",
    "back\\slash",
    "tab\there",
    "ctl\u0001x",
    "emoji\uD83D\uDE00",
    "b",
    "c"
  };

  private final SplittableRandom random;
  private long id = 36_000_000_000_000_000L;

  HostileLogs(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A decoded DATA_MESSAGE payload (bytes, as inside the gzip stream) of {@code count} events. */
  byte[] payload(String group, String stream, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * 256);
    write(out, "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":");
    jsonString(out, group);
    write(out, ",\"logStream\":");
    jsonString(out, stream);
    write(out, ",\"subscriptionFilters\":[\"noops\"],\"logEvents\":[");
    long time = baseTime();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.write(',');
      }
      write(out, "{\"id\":");
      jsonString(out, eventId());
      write(out, ",\"timestamp\":" + time + ",\"message\":\"");
      message(out, time);
      write(out, "\"}");
      time += random.nextInt(4) == 0 ? random.nextLong(1, 200_000_000L) : random.nextInt(50);
    }
    write(out, "]}");
    return out.toByteArray();
  }

  private long baseTime() {
    return switch (random.nextInt(8)) {
      case 0 -> -1L - random.nextLong(1_000_000_000_000L); // before 1970
      case 1 -> 253_402_300_799_000L + random.nextLong(10_000); // around year 9999
      case 2 -> -62_167_219_200_000L - random.nextLong(10_000); // before year 0
      case 3 -> 1_796_255_999_000L; // a second before a midnight
      default -> 1_700_000_000_000L + random.nextLong(200_000_000_000L);
    };
  }

  private String eventId() {
    return switch (random.nextInt(40)) {
      case 0 -> "id\"with\\quote-" + id++;
      case 1 -> "idé-ü-" + id++;
      case 2 -> "id\u0007ctl-" + id++;
      case 3 -> "x".repeat(200) + id++;
      default -> Long.toString(id++) + "4187342712388373262";
    };
  }

  /** One message, written as the body of a JSON string (escaped or raw, as a producer might). */
  private void message(ByteArrayOutputStream out, long time) {
    String request = uuid();
    String iso = java.time.Instant.ofEpochMilli(Math.max(0, time)).toString();
    int pick = random.nextInt(100);
    if (pick < 4) {
      hostile(out, random.nextInt(10) == 0 ? 100_000 : random.nextInt(300));
      return;
    }
    String text =
        switch (pick % 24) {
          case 0 -> "START RequestId: " + request + " Version: $LATEST\n";
          case 1 -> "END RequestId: " + request + "\n";
          case 2 -> report(request);
          case 3 ->
              "INIT_START Runtime Version: java:21.v12\tRuntime Version ARN: arn:aws:lambda:x\n";
          case 4 ->
              "XRAY TraceId: 1-5e7d7a64-"
                  + hex(24)
                  + "\tSegmentId: "
                  + hex(16)
                  + "\tSampled: true\n";
          case 5 ->
              iso + " " + request + " Task timed out after " + random.nextInt(900) + ".00 seconds";
          case 6 ->
              "INIT_REPORT Init Duration: 10003.45 ms\tPhase: init\tStatus: timeout"
                  + (random.nextBoolean() ? "\tError Type: Runtime.Unknown" : "")
                  + "\n";
          case 7 -> "RESTORE_REPORT Restore Duration: 123.4 ms\tBilled Restore Duration: 200 ms\n";
          case 8, 9 ->
              iso
                  + "\t"
                  + (random.nextInt(8) == 0 ? "undefined" : request)
                  + "\t"
                  + pickOf(LEVELS)
                  + "\t"
                  + text(random.nextInt(120))
                  + (random.nextBoolean() ? "\n" : "\r\n");
          case 10 -> "[" + pickOf(LEVELS) + "]\t" + iso + "\t" + request + "\t" + text(60) + "\n";
          case 11 ->
              "2026-12-02 10:11:12"
                  + (random.nextBoolean() ? ",123" : "")
                  + " "
                  + request
                  + " "
                  + pickOf(LEVELS)
                  + " com.example.Handler - "
                  + text(50)
                  + "\n";
          case 12 -> monitoring(iso, request);
          case 13 ->
              iso
                  + "\t"
                  + request
                  + "\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\""
                  + text(20).replace("\"", "'").replace("\\", "/")
                  + "\",\"stack\":[\"TypeError: x\",\"    at a (b.js:1:2)\"]}\n";
          case 14 ->
              "java.lang.IllegalStateException: "
                  + text(30)
                  + "\n\tat com.example.A.b(A.java:10)\n\tat com.example.C.d(C.java:20)\n";
          case 15 ->
              "[ERROR] KeyError: 'x'\nTraceback (most recent call last):\n  File \"/var/task/a.py\","
                  + " line 3, in handler\n    x = d['x']\nKeyError: 'x'\n";
          case 16 ->
              "{\"time\":\""
                  + iso
                  + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                  + request
                  + "\",\"metrics\":{\"durationMs\":"
                  + random.nextInt(10_000) / 10.0
                  + ",\"billedDurationMs\":"
                  + random.nextInt(10_000)
                  + ",\"memorySizeMB\":128,\"maxMemoryUsedMB\":70"
                  + (random.nextBoolean() ? ",\"initDurationMs\":234.5" : "")
                  + "},\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-abc-def;Parent=1\"}"
                  + ",\"status\":\"success\"}}";
          default -> null;
        };
    if (text == null) {
      jsonLine(out);
      return;
    }
    escaped(out, text);
  }

  private String report(String request) {
    return "REPORT RequestId: "
        + request
        + "\tDuration: "
        + random.nextInt(90_000) / 100.0
        + " ms\tBilled Duration: "
        + (1 + random.nextInt(900))
        + " ms\tMemory Size: 512 MB\tMax Memory Used: "
        + (80 + random.nextInt(100))
        + " MB\t"
        + (random.nextBoolean() ? "Init Duration: " + random.nextInt(90_000) / 100.0 + " ms\t" : "")
        + (random.nextInt(5) == 0 ? "Status: timeout\t" : "")
        + (random.nextInt(7) == 0 ? "Status: error\tError Type: Runtime.ExitError\t" : "")
        + (random.nextInt(9) == 0 ? "Duration: 1e400 ms" : "")
        + "\n";
  }

  private String monitoring(String iso, String request) {
    String value =
        switch (random.nextInt(6)) {
          case 0 -> "NaN";
          case 1 -> "1e400";
          case 2 -> "-0.0";
          case 3 -> Double.toString(random.nextDouble() * 1e20);
          case 4 -> "abc"; // malformed
          default -> Integer.toString(random.nextInt(500));
        };
    return iso
        + "\t"
        + request
        + "\tINFO\tMONITORING|"
        + 1_796_205_600L
        + "|"
        + value
        + "|"
        + (random.nextBoolean()
            ? "latency|down\"stream|#service:st\\ock,region:eu-west-1"
            : "count|o")
        + "\n";
  }

  /** A JSON application line with random keys, nesting and values. */
  private void jsonLine(ByteArrayOutputStream out) {
    StringBuilder line = new StringBuilder();
    if (random.nextInt(4) == 0) {
      line.append("  ");
    }
    object(line, 0);
    if (random.nextInt(3) == 0) {
      line.append('\n');
    }
    // the line is the JSON text of a message: escape it as the body of the outer string
    escaped(out, line.toString());
  }

  private void object(StringBuilder out, int depth) {
    out.append('{');
    int fields = random.nextInt(depth == 0 ? 12 : 5);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.append(',');
      }
      String key = random.nextInt(6) == 0 ? text(random.nextInt(12)) : pickOf(KEYS);
      jsonStringInto(out, key);
      out.append(':');
      value(out, depth, key);
    }
    out.append('}');
  }

  private void value(StringBuilder out, int depth, String key) {
    int pick = random.nextInt(20);
    if (key.equals("type") && random.nextBoolean()) {
      jsonStringInto(out, "platform.start");
    } else if (pick == 0 && depth < 18) {
      object(out, depth + 1);
    } else if (pick == 1) {
      out.append('[');
      int items = random.nextInt(5);
      for (int i = 0; i < items; i++) {
        if (i > 0) {
          out.append(',');
        }
        if (random.nextInt(12) == 0) {
          object(out, depth + 1);
        } else {
          scalar(out);
        }
      }
      out.append(']');
    } else if (pick == 2) {
      jsonStringInto(out, "y".repeat(8_001 + random.nextInt(3)));
    } else {
      scalar(out);
    }
  }

  private void scalar(StringBuilder out) {
    switch (random.nextInt(16)) {
      case 0 -> out.append(random.nextLong());
      case 1 -> out.append(random.nextInt(1000));
      case 2 -> out.append("123456789012345678901234567890");
      case 3 -> out.append(random.nextDouble() * 1000);
      case 4 -> out.append("1e400");
      case 5 -> out.append("-0.0");
      case 6 -> out.append("1.0E15");
      case 7 -> out.append("1.5e-7");
      case 8 -> out.append("12345678901234567890.123456789");
      case 9 -> out.append(random.nextBoolean());
      case 10 -> out.append("null");
      case 11 -> out.append(random.nextInt(100_000) / 100.0);
      default -> jsonStringInto(out, text(random.nextInt(40)));
    }
  }

  /** Random text: mostly printable, with every kind of character a log line may hold. */
  private String text(int length) {
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      switch (random.nextInt(40)) {
        case 0 -> text.append((char) random.nextInt(0x20));
        case 1 -> text.append(random.nextBoolean() ? '"' : '\\');
        case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
        case 3 -> text.append((char) (0x800 + random.nextInt(0xD000)));
        case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
        case 5 -> text.append(random.nextBoolean() ? '\u007f' : '\u2028');
        case 6 -> text.append('\uFFFD');
        case 7 -> text.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
        default -> text.append((char) (' ' + random.nextInt(95)));
      }
    }
    return text.toString();
  }

  /**
   * Hostile message bytes: lone surrogates as JSON escapes, invalid UTF-8, raw and escaped control
   * characters, astral characters raw and escaped.
   */
  private void hostile(ByteArrayOutputStream out, int length) {
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(30);
      switch (kind) {
        case 0 -> write(out, String.format(Locale.ROOT, "\\u%04x", 0xD800 + random.nextInt(0x800)));
        case 1 -> write(out, "\\ud83d\\ude00");
        case 2 -> out.write(0x80 + random.nextInt(0x80)); // a lone continuation byte
        case 3 -> out.write(0xC0 + random.nextInt(2)); // overlong lead
        case 4 -> {
          out.write(0xED); // an encoded surrogate
          out.write(0xA0 + random.nextInt(0x20));
          out.write(0x80);
        }
        case 5 -> out.write(0xF5 + random.nextInt(11)); // never valid
        case 6 -> {
          out.write(0xE2); // truncated
          out.write(0x82);
        }
        case 7 -> write(out, String.format(Locale.ROOT, "\\u%04X", random.nextInt(0x20)));
        case 8 -> write(out, "\\\"\\\\\\/\\b\\f\\n\\r\\t");
        case 9 -> {
          out.write(0xF0); // a raw astral character
          out.write(0x9F);
          out.write(0x98);
          out.write(0x80);
        }
        case 10 -> write(out, "\\u00e9\\u2028\\u007f\\uffff\\ufffd");
        case 11 -> {
          out.write(0xF4); // beyond U+10FFFF
          out.write(0x90);
          out.write(0x80);
          out.write(0x80);
        }
        case 12 -> {
          out.write(0xE0); // overlong 3-byte
          out.write(0x80);
          out.write(0xAF);
        }
        default -> escaped(out, text(1 + random.nextInt(4)));
      }
    }
  }

  /** {@code text} as the body of a JSON string: raw UTF-8 where allowed, escapes where needed. */
  private void escaped(ByteArrayOutputStream out, String text) {
    StringBuilder body = new StringBuilder(text.length() + 16);
    appendEscaped(body, text);
    write(out, body.toString());
  }

  private void appendEscaped(StringBuilder body, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        body.append('\\').append(c);
      } else if (c < 0x20 || (Character.isSurrogate(c) && random.nextInt(3) == 0)) {
        switch (c) {
          case '\n' -> body.append("\\n");
          case '\t' -> body.append("\\t");
          default -> body.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
      } else if (c > 0x7e && random.nextInt(10) == 0) {
        body.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        body.append(c);
      }
    }
  }

  private void jsonStringInto(StringBuilder out, String text) {
    out.append('"');
    appendEscaped(out, text);
    out.append('"');
  }

  private void jsonString(ByteArrayOutputStream out, String text) {
    out.write('"');
    escaped(out, text);
    out.write('"');
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private String uuid() {
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String hex(int digits) {
    StringBuilder out = new StringBuilder(digits);
    while (out.length() < digits) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private String pickOf(String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Messages of the documented log samples (test resources), for a realistic share. */
  static List<String> fixtureMessages() {
    List<String> all = new ArrayList<>();
    for (String fixture :
        List.of(
            "aws-docs__python-logging-module.log",
            "aws-docs__java-logging.log",
            "aws-docs__java-log4j2-appender.log",
            "aws-docs__dotnet-csharp-logging.log",
            "aws-docs__go-logging.log",
            "aws-docs__ruby-logging.log")) {
      all.addAll(CloudWatchData.messages(fixture));
    }
    return all;
  }
}
