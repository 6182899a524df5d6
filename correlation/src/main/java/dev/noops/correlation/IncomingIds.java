package dev.noops.correlation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IDs found on one event or record, before defaults are applied: the first value offered for a
 * name wins, names are matched case-insensitively, anything that is not a correlation ID is
 * ignored.
 */
final class IncomingIds {
  /** More candidate names than this on one event are not even looked at (hostile header floods). */
  static final int MAX_CANDIDATES = 64;

  /** At most this many distinct names are remembered; beyond it the memory starts afresh. */
  static final int MAX_REMEMBERED_NAMES = 256;

  /** What {@link #REMEMBERED} holds for a name that is not captured. */
  private static final String NOT_CAPTURED = "";

  /**
   * Each name as sent (its hash already cached by the event's map) to its sanitised, lower-cased
   * form or {@link #NOT_CAPTURED}: every invocation offers the same few dozen header names, and
   * matching, lower-casing and hashing them anew was half the cost of a capture.
   */
  private static final Map<String, String> REMEMBERED = new ConcurrentHashMap<>();

  private final Map<String, String> ids = new LinkedHashMap<>();
  private int candidates;

  /** Offers one header/attribute/member; true when it was taken. */
  boolean offer(String rawName, Object rawValue) {
    if (rawName == null || rawValue == null || candidates >= MAX_CANDIDATES) {
      return false;
    }
    String name = capturedName(rawName);
    if (name == null || ids.containsKey(name)) {
      return false;
    }
    String value = scalar(rawValue);
    if (value == null) {
      return false;
    }
    candidates++;
    ids.put(name, value);
    return true;
  }

  /** The name an ID sent as {@code rawName} is held under, or null when it is not an ID. */
  static String capturedName(String rawName) {
    String known = REMEMBERED.get(rawName);
    if (known == null) {
      String name = mayBeCaptured(rawName) ? Sanitiser.name(rawName) : null;
      known = name != null && isCaptured(name) ? name : NOT_CAPTURED;
      if (REMEMBERED.size() >= MAX_REMEMBERED_NAMES) {
        // a flood of made-up names must neither grow the memory nor keep real names out for good
        REMEMBERED.clear();
      }
      REMEMBERED.put(rawName, known);
    }
    return known.isEmpty() ? null : known;
  }

  /** How many names are remembered now (tests). */
  static int rememberedNames() {
    return REMEMBERED.size();
  }

  /** Offers every member of a {@code __context__} object, or of its JSON text. */
  void offerContext(Object context) {
    Map<String, Object> members = asObject(context);
    if (members == null) {
      return;
    }
    for (Map.Entry<String, Object> member : members.entrySet()) {
      offer(member.getKey(), member.getValue());
    }
  }

  /** The header value up to its first comma: HTTP API v2 joins repeated headers with commas. */
  void offerFirstOfList(String rawName, Object rawValue) {
    // baggage and tracestate are lists themselves: a comma in them is not a join of repeated
    // headers
    if (rawValue instanceof String text
        && !rawName.equalsIgnoreCase(CorrelationIds.BAGGAGE)
        && !rawName.equalsIgnoreCase(CorrelationIds.TRACESTATE)) {
      int comma = text.indexOf(',');
      offer(rawName, comma < 0 ? text : text.substring(0, comma));
    } else {
      offer(rawName, rawValue);
    }
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  Map<String, String> toMap() {
    return ids;
  }

  /**
   * A check without allocation that most names of an API Gateway event (Accept, Host, CloudFront-*,
   * X-Forwarded-*, ...) fail, so that only likely IDs are lower-cased and sanitised.
   */
  static boolean mayBeCaptured(String rawName) {
    if (rawName.isEmpty()) {
      return false;
    }
    // the first letter rules out most names before any case-insensitive comparison
    return switch (Character.toLowerCase(rawName.charAt(0))) {
      case 'x' ->
          startsWithIgnoreCase(rawName, CorrelationIds.PREFIX)
              || startsWithIgnoreCase(rawName, CorrelationIds.AMZN_TRACE_ID);
      case 'c' -> startsWithIgnoreCase(rawName, CorrelationIds.CALL_CHAIN_LENGTH);
      case 'd' -> startsWithIgnoreCase(rawName, CorrelationIds.DEBUG_LOG_ENABLED);
      case 't' ->
          startsWithIgnoreCase(rawName, CorrelationIds.TRACEPARENT)
              || startsWithIgnoreCase(rawName, CorrelationIds.TRACESTATE);
      case 'b' -> startsWithIgnoreCase(rawName, CorrelationIds.BAGGAGE);
      default -> false;
    };
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  static boolean isCaptured(String name) {
    return (name.startsWith(CorrelationIds.PREFIX)
            && !name.equals(CorrelationIds.PACKED_ATTRIBUTE)
            && name.length() > CorrelationIds.PREFIX.length())
        || name.equals(CorrelationIds.CALL_CHAIN_LENGTH)
        || name.equals(CorrelationIds.DEBUG_LOG_ENABLED)
        || name.equals(CorrelationIds.AMZN_TRACE_ID)
        || name.equals(CorrelationIds.TRACEPARENT)
        || name.equals(CorrelationIds.TRACESTATE)
        || name.equals(CorrelationIds.BAGGAGE);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object value) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (value instanceof String text) {
      return Json.parseObjectOrNull(text);
    }
    return null;
  }

  private static String scalar(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      return scalar(list.get(0));
    }
    return null;
  }
}
