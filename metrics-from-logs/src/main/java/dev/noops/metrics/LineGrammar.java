package dev.noops.metrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the MONITORING line grammar; every rejection names the field and the reason. */
final class LineGrammar {
  static final int MAX_NAME = 255;
  static final int MAX_TAG_VALUE = 1024;

  /**
   * 10^11 seconds is the year 5138; 10^11 milliseconds is 1973: a larger epoch is in milliseconds.
   */
  private static final long MILLIS_THRESHOLD = 100_000_000_000L;

  private static final int MAX_JSON_NESTING = 2;

  private LineGrammar() {}

  static Optional<MonitoringLine> find(String message, int nesting) {
    int at = message.indexOf(MonitoringLine.PREFIX);
    if (at < 0) {
      return Optional.empty();
    }
    int first = firstNonWhitespace(message);
    if (nesting < MAX_JSON_NESTING && first < message.length() && message.charAt(first) == '{') {
      Optional<String> inner = JsonMessage.of(message, first);
      if (inner.isPresent()) {
        return find(inner.get(), nesting + 1);
      }
    }
    while (at >= 0) {
      if (at == 0 || isSeparator(message.charAt(at - 1))) {
        int end = lineEnd(message, at);
        return Optional.of(parse(message.substring(at, end)));
      }
      at = message.indexOf(MonitoringLine.PREFIX, at + 1);
    }
    return Optional.empty();
  }

  static MonitoringLine parse(String line) {
    String[] fields = split(stripTrailing(line));
    if (fields.length < 5) {
      throw malformed(
          "expected MONITORING|epoch|value|type|name, found " + fields.length + " fields");
    }
    Instant timestamp = epoch(fields[1]);
    double value = value(fields[2]);
    MetricType type =
        MetricType.of(fields[3])
            .orElseThrow(() -> malformed("unknown type: " + shorten(fields[3])));
    Map<String, String> tags = fields.length == 6 ? tags(fields[5]) : Map.of();
    try {
      // the record checks the name and every tag, with the reasons used here
      return new MonitoringLine(timestamp, value, type.wireName(), fields[4], tags);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static String[] split(String line) {
    String[] fields = new String[6];
    int count = 0;
    int start = 0;
    while (true) {
      int bar = line.indexOf('|', start);
      if (count == 5 || bar < 0) {
        if (bar >= 0) {
          throw malformed("too many fields: the name and the tags may not contain '|'");
        }
        fields[count++] = line.substring(start);
        break;
      }
      fields[count++] = line.substring(start, bar);
      start = bar + 1;
    }
    return java.util.Arrays.copyOf(fields, count);
  }

  static Instant epoch(String field) {
    if (!isEpoch(field)) {
      throw malformed(
          "epoch is not a non-negative number of seconds or milliseconds: " + shorten(field));
    }
    int dot = field.indexOf('.');
    if (dot < 0) {
      long whole = Long.parseLong(field);
      return whole >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(whole) : Instant.ofEpochSecond(whole);
    }
    BigDecimal seconds = new BigDecimal(field);
    if (seconds.compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) >= 0) {
      seconds = seconds.movePointLeft(3);
    }
    long whole = seconds.longValue();
    int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
    return Instant.ofEpochSecond(whole, nanos);
  }

  /** {@code \\d{1,16}(\\.\\d{1,9})?}, read without a regex. */
  private static boolean isEpoch(String field) {
    int whole = digits(field, 0);
    if (whole < 1 || whole > 16) {
      return false;
    }
    if (whole == field.length()) {
      return true;
    }
    int fraction = digits(field, whole + 1);
    return field.charAt(whole) == '.'
        && fraction >= 1
        && fraction <= 9
        && whole + 1 + fraction == field.length();
  }

  /**
   * {@code [-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,4})?}, read without a regex: a decimal
   * number, no hex, no {@code NaN} or {@code Infinity} (which {@link Double#parseDouble} would
   * take).
   */
  private static boolean isNumber(String field) {
    int at = field.startsWith("-") || field.startsWith("+") ? 1 : 0;
    int whole = digits(field, at);
    at += whole;
    int fraction = 0;
    boolean dot = at < field.length() && field.charAt(at) == '.';
    if (dot) {
      fraction = digits(field, at + 1);
      at += 1 + fraction;
    }
    if (whole == 0 && fraction == 0) {
      return false;
    }
    if (at < field.length() && (field.charAt(at) == 'e' || field.charAt(at) == 'E')) {
      at++;
      if (at < field.length() && (field.charAt(at) == '-' || field.charAt(at) == '+')) {
        at++;
      }
      int exponent = digits(field, at);
      if (exponent < 1 || exponent > 4) {
        return false;
      }
      at += exponent;
    }
    return at == field.length();
  }

  /** How many ASCII digits {@code text} has from {@code from} on. */
  private static int digits(String text, int from) {
    int at = from;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at - from;
  }

  static double value(String field) {
    if (!isNumber(field)) {
      throw malformed("value is not a number: " + shorten(field));
    }
    double value = Double.parseDouble(field);
    String problem = checkValue(value);
    if (problem != null) {
      throw malformed(problem);
    }
    return value;
  }

  /**
   * Datadog's tag list: {@code #} alone is no tags; an empty item (a stray ',') is skipped; a tag
   * without ':' or with nothing after it ({@code source}, {@code source:}) has an empty value,
   * which the dimensions drop with a counted warning.
   */
  private static Map<String, String> tags(String field) {
    if (!field.startsWith("#")) {
      throw malformed("tags must start with '#': " + shorten(field));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    if (field.length() == 1) {
      return tags;
    }
    for (int start = 1; start <= field.length(); ) {
      int comma = field.indexOf(',', start);
      int end = comma < 0 ? field.length() : comma;
      String tag = field.substring(start, end);
      start = end + 1;
      if (tag.isBlank()) {
        continue;
      }
      int colon = tag.indexOf(':');
      String key = colon < 0 ? tag : tag.substring(0, colon);
      if (tags.put(key, colon < 0 ? "" : tag.substring(colon + 1)) != null) {
        throw malformed("tag appears twice: " + shorten(key));
      }
    }
    return tags;
  }

  /**
   * CloudWatch's range: finite, at most 2^360 in magnitude, and 0 or at least 2^-360 in magnitude.
   */
  static final double MAX_MAGNITUDE = Math.scalb(1.0, 360);

  static final double MIN_MAGNITUDE = Math.scalb(1.0, -360);

  static String checkValue(double value) {
    if (!Double.isFinite(value)) {
      return "value is not finite: " + value;
    }
    double magnitude = Math.abs(value);
    if (magnitude > MAX_MAGNITUDE || (magnitude != 0 && magnitude < MIN_MAGNITUDE)) {
      return "value is outside the range CloudWatch accepts (0 or 2^-360 to 2^360 in magnitude): "
          + value;
    }
    return null;
  }

  static String checkName(String name) {
    if (name.isBlank()) {
      return "name is empty";
    }
    if (name.length() > MAX_NAME) {
      return "name is longer than " + MAX_NAME + " characters: " + shorten(name);
    }
    return hasControl(name) || name.indexOf('|') >= 0
        ? "name has a control character or '|': " + shorten(name)
        : null;
  }

  static String checkTag(String key, String value) {
    if (key.isBlank() || key.length() > MAX_NAME) {
      return "tag name must have 1 to " + MAX_NAME + " characters: " + shorten(key);
    }
    if (key.startsWith(":")
        || hasControl(key)
        || key.indexOf(',') >= 0
        || key.indexOf('|') >= 0
        || key.indexOf(':') >= 0
        || key.startsWith("#")) {
      return "tag name has a forbidden character: " + shorten(key);
    }
    if (value.length() > MAX_TAG_VALUE) {
      return "tag "
          + shorten(key)
          + " must have a value of at most "
          + MAX_TAG_VALUE
          + " characters";
    }
    return hasControl(value) || value.indexOf(',') >= 0 || value.indexOf('|') >= 0
        ? "tag " + shorten(key) + " has a forbidden character in its value"
        : null;
  }

  static String format(MonitoringLine line) {
    StringBuilder out = new StringBuilder(64).append(MonitoringLine.PREFIX);
    Instant timestamp = line.timestamp();
    out.append(timestamp.getEpochSecond());
    int millis = timestamp.getNano() / 1_000_000;
    if (millis != 0) {
      out.append('.').append(String.format("%03d", millis));
    }
    out.append('|')
        .append(number(line.value()))
        .append('|')
        .append(line.type())
        .append('|')
        .append(line.name());
    if (!line.tags().isEmpty()) {
      out.append("|#");
      line.tags().forEach((key, value) -> out.append(key).append(':').append(value).append(','));
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A field as quoted in an error: at most 64 characters, so no error carries a whole payload. */
  static String shorten(String field) {
    return field.length() <= 64
        ? "'" + field + "'"
        : "'" + field.substring(0, 64) + "…' (" + field.length() + " chars)";
  }

  private static MalformedMonitoringLineException malformed(String reason) {
    return new MalformedMonitoringLineException(reason);
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSeparator(char c) {
    return c == '\t' || c == ' ' || c == '\n' || c == '\r';
  }

  private static int lineEnd(String message, int from) {
    for (int i = from; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return message.length();
  }

  private static int firstNonWhitespace(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end);
  }
}
