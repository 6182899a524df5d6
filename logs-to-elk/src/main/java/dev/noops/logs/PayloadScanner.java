package dev.noops.logs;

import java.util.Arrays;

/**
 * Reads a decoded payload of the shape CloudWatch Logs writes, straight from its bytes: {@code
 * messageType} (a {@code DATA_MESSAGE}), {@code owner}, {@code logGroup} and {@code logStream},
 * each a string, once, before {@code logEvents}; events whose {@code id} and {@code message} are
 * strings and whose {@code timestamp} is an integer; other fields strings, numbers, literals, or
 * arrays of strings ({@code subscriptionFilters}). The log text is the largest part of a payload,
 * and the streaming parser reads each message twice over (decoding into characters, then
 * compressing them into a string); here it is copied once, eight bytes looked at per step.
 *
 * <p>{@link #scan} reads the whole payload before any event is handed on and answers false for any
 * other shape or any error: {@link PayloadReader} then reads the payload from its start, so what it
 * ships, refuses or says stays the answer. The scan holds the payload's events until {@link #emit}:
 * their strings take at most twice the payload's bytes (a payload is scanned only when it was
 * inflated whole, within {@link PayloadDecoder#IN_MEMORY_LIMIT}). Not thread-safe; reused.
 */
final class PayloadScanner {
  private static final int MAX_DEPTH = 8;

  /** Jackson's default longest field name: a longer one is the parser's to refuse. */
  private static final int MAX_KEY = 50_000;

  private final JsonStringReader strings = new JsonStringReader();
  private byte[] in;
  private int end;
  private int at;
  private String messageType;
  private String owner;
  private String logGroup;
  private String logStream;
  private int count;
  private String[] ids = new String[256];
  private long[] timestamps = new long[256];
  private String[] messages = new String[256];

  /**
   * Reads {@code in[0..end)} (well-formed UTF-8); true when it is a payload of the plain shape,
   * read whole. Then {@link #consumed} is where its closing brace ends and {@link #emit} hands its
   * events on.
   */
  boolean scan(byte[] in, int end) {
    this.in = in;
    this.end = end;
    at = 0;
    clear();
    try {
      return payload();
    } finally {
      this.in = null;
    }
  }

  /** How many bytes the payload took, up to and with its closing brace. */
  int consumed() {
    return at;
  }

  /**
   * Hands on the events read by {@link #scan}, each checked as {@link PayloadReader} checks it (an
   * event that fails stops there, as in the parser's read); then forgets them.
   */
  void emit(String region, PayloadSink sink) {
    try {
      LogContext context = new LogContext(owner, region, logGroup, logStream);
      for (int i = 0; i < count; i++) {
        sink.event(
            context, new PayloadReader.RawEvent(ids[i], timestamps[i], messages[i]).checked());
      }
    } finally {
      clear();
    }
  }

  private void clear() {
    Arrays.fill(ids, 0, count, null);
    Arrays.fill(messages, 0, count, null);
    count = 0;
    messageType = null;
    owner = null;
    logGroup = null;
    logStream = null;
  }

  private boolean payload() {
    if (!next('{')) {
      return false;
    }
    boolean events = false;
    do {
      String key = key();
      if (key == null) {
        return false;
      }
      boolean read =
          switch (key) {
            case "messageType" -> messageType == null && (messageType = string()) != null;
            case "owner" -> owner == null && (owner = string()) != null;
            case "logGroup" -> logGroup == null && (logGroup = string()) != null;
            case "logStream" -> logStream == null && (logStream = string()) != null;
            case "logEvents" -> !events && (events = events());
            default -> skipValue(0);
          };
      if (!read) {
        return false;
      }
    } while (next(','));
    return next('}') && events;
  }

  /**
   * The events, once the metadata has been read: a data message's, in the array's order (a control
   * message or metadata after the events is left to the parser).
   */
  private boolean events() {
    if (messageType == null
        || owner == null
        || logGroup == null
        || logStream == null
        || !messageType.equals("DATA_MESSAGE")
        || !next('[')) {
      return false;
    }
    if (next(']')) {
      return true;
    }
    do {
      if (!event()) {
        return false;
      }
    } while (next(','));
    return next(']');
  }

  private boolean event() {
    if (!next('{')) {
      return false;
    }
    String id = null;
    String message = null;
    long timestamp = 0;
    boolean timed = false;
    if (!next('}')) {
      do {
        switch (eventKey()) {
          case ID -> {
            if (id != null || (id = string()) == null) {
              return false;
            }
          }
          case MESSAGE -> {
            if (message != null || (message = string()) == null) {
              return false;
            }
          }
          case TIMESTAMP -> {
            if (timed || !integer()) {
              return false;
            }
            timed = true;
            timestamp = number;
          }
          case OTHER -> {
            if (!skipValue(0)) {
              return false;
            }
          }
          default -> {
            return false;
          }
        }
      } while (next(','));
      if (!next('}')) {
        return false;
      }
    }
    if (!timed || id == null || message == null) {
      return false; // the parser's read refuses it, with its reason
    }
    add(id, timestamp, message);
    return true;
  }

  private void add(String id, long timestamp, String message) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, 2 * count);
      timestamps = Arrays.copyOf(timestamps, 2 * count);
      messages = Arrays.copyOf(messages, 2 * count);
    }
    ids[count] = id;
    timestamps[count] = timestamp;
    messages[count] = message;
    count++;
  }

  private static final int NONE = 0;
  private static final int ID = 1;
  private static final int TIMESTAMP = 2;
  private static final int MESSAGE = 3;
  private static final int OTHER = 4;
  private static final byte[][] EVENT_KEYS = {
    null, ascii("\"id\""), ascii("\"timestamp\""), ascii("\"message\"")
  };

  /**
   * An event's key and its colon: {@link #ID}, {@link #TIMESTAMP} and {@link #MESSAGE} are matched
   * as bytes (no string is made for them), any other key is {@link #OTHER}; {@link #NONE} when
   * there is no key.
   */
  private int eventKey() {
    skipWhitespace();
    for (int key = ID; key <= MESSAGE; key++) {
      byte[] quoted = EVENT_KEYS[key];
      if (Arrays.equals(in, at, Math.min(end, at + quoted.length), quoted, 0, quoted.length)) {
        at += quoted.length;
        return next(':') ? key : NONE;
      }
    }
    String key = key();
    if (key == null) {
      return NONE;
    }
    return switch (key) { // the same names spelt with escapes
      case "id" -> ID;
      case "timestamp" -> TIMESTAMP;
      case "message" -> MESSAGE;
      default -> OTHER;
    };
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** A member's key and its colon; null when there is none. */
  private String key() {
    String key = string();
    return key != null && key.length() <= MAX_KEY && next(':') ? key : null;
  }

  /** A string value after whitespace; null for anything else. */
  private String string() {
    skipWhitespace();
    if (at >= end || in[at] != '"') {
      return null;
    }
    String text = strings.read(in, at, end);
    if (text != null) {
      at = strings.next();
    }
    return text;
  }

  /** The last integer read by {@link #integer}. */
  private long number;

  /**
   * An integer that fits a long, as JSON writes it (no leading zero, no fraction or exponent), into
   * {@link #number}.
   */
  private boolean integer() {
    skipWhitespace();
    boolean negative = at < end && in[at] == '-';
    if (negative) {
      at++;
    }
    int first = at;
    long value = 0;
    while (at < end && in[at] >= '0' && in[at] <= '9') {
      value = 10 * value + (in[at] - '0');
      at++;
    }
    int digits = at - first;
    if (digits == 0 || digits > 18 || (digits > 1 && in[first] == '0')) {
      return false;
    }
    if (at < end && (in[at] == '.' || in[at] == 'e' || in[at] == 'E')) {
      return false;
    }
    number = negative ? -value : value;
    return true;
  }

  /** Skips a string, number, literal or array of those; false for anything else. */
  private boolean skipValue(int depth) {
    skipWhitespace();
    if (at >= end) {
      return false;
    }
    byte b = in[at];
    if (b == '"') {
      return string() != null;
    }
    if (b == '[' && depth < MAX_DEPTH) {
      at++;
      if (next(']')) {
        return true;
      }
      do {
        if (!skipValue(depth + 1)) {
          return false;
        }
      } while (next(','));
      return next(']');
    }
    if (b == '-' || (b >= '0' && b <= '9')) {
      return integer(); // a fraction or exponent is left to the parser
    }
    return literal("true") || literal("false") || literal("null");
  }

  private boolean literal(String word) {
    int length = word.length();
    if (at + length > end) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (in[at + i] != word.charAt(i)) {
        return false;
      }
    }
    at += length;
    return true;
  }

  /** Whether {@code c} follows (after whitespace); if so, it is passed. */
  private boolean next(char c) {
    skipWhitespace();
    if (at < end && in[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (at < end) {
      byte b = in[at];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      at++;
    }
  }
}
