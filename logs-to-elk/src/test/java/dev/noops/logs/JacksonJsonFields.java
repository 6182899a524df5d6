package dev.noops.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link JsonFields} of commit b6a6ad3, which wrote through Jackson's {@code JsonGenerator},
 * kept unchanged as the reference the byte-by-byte writer is checked against ({@link
 * DocumentWriterEquivalenceTest}).
 */
final class JacksonJsonFields {
  static final int MAX_NUMBERS = 100;
  static final int MAX_PAIR = 1024;
  static final int MAX_INDEXED = 8000;

  private volatile JsonMapping mapping;
  private final StringBuilder pair = new StringBuilder(128);
  private char[] chars = new char[128];

  JacksonJsonFields(JsonMapping mapping) {
    this.mapping = Objects.requireNonNull(mapping, "mapping == null");
  }

  void use(JsonMapping chosen) {
    this.mapping = Objects.requireNonNull(chosen, "chosen == null");
  }

  JsonMapping mapping() {
    return mapping;
  }

  void write(JsonGenerator out, Map<String, Object> leaves) throws IOException {
    if (leaves.isEmpty()) {
      return;
    }
    boolean anyLong = false;
    boolean anyShort = false;
    for (Object value : leaves.values()) {
      boolean isLong = tooLong(value);
      anyLong |= isLong;
      anyShort |= !isLong;
    }
    if (anyShort) {
      object(out, "json", leaves, false, anyLong);
    }
    if (anyLong) {
      object(out, "json_long", leaves, true, true);
    }
    numbers(out, leaves);
    if (mapping.writesPairs()) {
      pairs(out, leaves);
    }
  }

  private static void object(
      JsonGenerator out, String name, Map<String, Object> leaves, boolean longOnes, boolean mixed)
      throws IOException {
    out.writeObjectFieldStart(name);
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      if (!mixed || tooLong(leaf.getValue()) == longOnes) {
        out.writeFieldName(leaf.getKey());
        value(out, leaf.getValue());
      }
    }
    out.writeEndObject();
  }

  private static boolean tooLong(Object value) {
    if (value instanceof String text) {
      return text.length() > MAX_INDEXED;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String text && text.length() > MAX_INDEXED) {
          return true;
        }
      }
    }
    return false;
  }

  private static void numbers(JsonGenerator out, Map<String, Object> leaves) throws IOException {
    int written = 0;
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      for (Object item : items(leaf.getValue())) {
        if (written < MAX_NUMBERS
            && item instanceof Number number
            && Double.isFinite(number.doubleValue())) {
          if (written++ == 0) {
            out.writeArrayFieldStart("json_num");
          }
          out.writeStartObject();
          out.writeStringField("key", leaf.getKey());
          out.writeFieldName("value");
          value(out, number);
          out.writeEndObject();
        }
      }
    }
    if (written > 0) {
      out.writeEndArray();
    }
  }

  private void pairs(JsonGenerator out, Map<String, Object> leaves) throws IOException {
    out.writeArrayFieldStart("json_kv");
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      if (leaf.getValue() instanceof List<?> list) {
        for (Object item : list) {
          pair(out, leaf.getKey(), item);
        }
      } else {
        pair(out, leaf.getKey(), leaf.getValue());
      }
    }
    out.writeEndArray();
  }

  /** {@code path=value}, assembled in a reused buffer (one per writer thread). */
  private void pair(JsonGenerator out, String path, Object item) throws IOException {
    StringBuilder text = pair;
    text.setLength(0);
    text.append(path).append('=');
    if (item instanceof String string) {
      text.append(string);
    } else if (item instanceof Integer || item instanceof Long) {
      text.append(((Number) item).longValue());
    } else {
      text.append(text(item));
    }
    int length = text.length();
    if (length <= MAX_PAIR) { // longer ones would not be indexed (ignore_above)
      if (chars.length < length) {
        chars = new char[Math.max(length, 2 * chars.length)];
      }
      text.getChars(0, length, chars, 0);
      out.writeString(chars, 0, length);
    }
  }

  private static List<?> items(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static String text(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double v = ((Number) value).doubleValue();
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
  }

  private static void value(JsonGenerator out, Object value) throws IOException {
    if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) {
        value(out, item);
      }
      out.writeEndArray();
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      out.writeNumber(big);
    } else if (value instanceof BigDecimal decimal) {
      out.writeNumber(decimal);
    } else if (value instanceof Number number) {
      out.writeNumber(number.doubleValue());
    } else {
      out.writeString(String.valueOf(value));
    }
  }
}
