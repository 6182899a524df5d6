package dev.noops.logs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an application's flattened JSON leaves ({@link JsonFlattener}) into a document: the {@code
 * json} object (one key per leaf path), {@code json_num} (each finite numeric leaf as a nested
 * {@code {"key": path, "value": number}}, at most {@value #MAX_NUMBERS}) and, where the cluster
 * cannot index {@code json} itself ({@link JsonMapping#writesPairs()}), {@code json_kv} ({@code
 * "path=value"} keywords, at most {@value #MAX_PAIR} characters each). A text longer than {@value
 * #MAX_INDEXED} characters would exceed Lucene's 32 KB term limit, so its leaf goes to {@code
 * json_long}, kept in {@code _source} but not indexed. The mapping is set once the cluster is known
 * ({@link #use}); until then pairs are written, which any mapping accepts.
 */
final class JsonFields {
  static final int MAX_NUMBERS = 100;
  static final int MAX_PAIR = 1024;
  static final int MAX_INDEXED = 8000;

  private static final byte[] JSON = ascii(",\"json\":{");
  private static final byte[] JSON_LONG = ascii(",\"json_long\":{");
  private static final byte[] JSON_NUM = ascii(",\"json_num\":[{\"key\":");
  private static final byte[] NEXT_NUMBER = ascii(",{\"key\":");
  private static final byte[] VALUE = ascii(",\"value\":");
  private static final byte[] JSON_KV = ascii(",\"json_kv\":[");

  private volatile JsonMapping mapping;

  JsonFields(JsonMapping mapping) {
    this.mapping = Objects.requireNonNull(mapping, "mapping == null");
  }

  void use(JsonMapping chosen) {
    this.mapping = Objects.requireNonNull(chosen, "chosen == null");
  }

  JsonMapping mapping() {
    return mapping;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Writes the fields of {@code leaves} (none when empty), each after a comma: the document's own
   * fields come first.
   */
  void write(JsonBuffer out, Map<String, Object> leaves) {
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
      object(out, JSON, leaves, false, anyLong);
    }
    if (anyLong) {
      object(out, JSON_LONG, leaves, true, true);
    }
    numbers(out, leaves);
    if (mapping.writesPairs()) {
      pairs(out, leaves);
    }
  }

  private static void object(
      JsonBuffer out, byte[] start, Map<String, Object> leaves, boolean longOnes, boolean mixed) {
    out.raw(start);
    boolean first = true;
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      if (!mixed || tooLong(leaf.getValue()) == longOnes) {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        out.string(leaf.getKey());
        out.raw((byte) ':');
        value(out, leaf.getValue());
      }
    }
    out.raw((byte) '}');
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

  private static void numbers(JsonBuffer out, Map<String, Object> leaves) {
    int written = 0;
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      Object value = leaf.getValue();
      if (value instanceof List<?> list) {
        for (Object item : list) {
          written = number(out, leaf.getKey(), item, written);
        }
      } else {
        written = number(out, leaf.getKey(), value, written);
      }
    }
    if (written > 0) {
      out.raw((byte) ']');
    }
  }

  /** {@code {"key":path,"value":number}} when {@code item} is a finite number and room is left. */
  private static int number(JsonBuffer out, String path, Object item, int written) {
    if (written < MAX_NUMBERS
        && item instanceof Number number
        && Double.isFinite(number.doubleValue())) {
      out.raw(written == 0 ? JSON_NUM : NEXT_NUMBER);
      out.string(path);
      out.raw(VALUE);
      value(out, number);
      out.raw((byte) '}');
      return written + 1;
    }
    return written;
  }

  private void pairs(JsonBuffer out, Map<String, Object> leaves) {
    out.raw(JSON_KV);
    boolean first = true;
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      if (leaf.getValue() instanceof List<?> list) {
        for (Object item : list) {
          first &= !pair(out, leaf.getKey(), item, first);
        }
      } else {
        first &= !pair(out, leaf.getKey(), leaf.getValue(), first);
      }
    }
    out.raw((byte) ']');
  }

  /**
   * {@code "path=value"} unless longer than {@value #MAX_PAIR} characters (it would not be indexed:
   * ignore_above); true when written. Escaping is per character, so the parts are escaped one after
   * the other instead of being joined first.
   */
  private static boolean pair(JsonBuffer out, String path, Object item, boolean first) {
    String value;
    if (item instanceof String string) {
      value = string;
    } else if (item instanceof Integer || item instanceof Long) {
      value = Long.toString(((Number) item).longValue());
    } else {
      value = text(item);
    }
    if (path.length() + 1 + value.length() > MAX_PAIR) {
      return false;
    }
    if (!first) {
      out.raw((byte) ',');
    }
    out.raw((byte) '"');
    out.chars(path);
    out.raw((byte) '=');
    out.chars(value);
    out.raw((byte) '"');
    return true;
  }

  private static String text(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double v = ((Number) value).doubleValue();
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
  }

  private static void value(JsonBuffer out, Object value) {
    if (value instanceof List<?> list) {
      out.raw((byte) '[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        value(out, item);
      }
      out.raw((byte) ']');
    } else if (value instanceof Boolean bool) {
      out.bool(bool);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      out.number(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      out.number(big);
    } else if (value instanceof BigDecimal decimal) {
      out.number(decimal);
    } else if (value instanceof Number number) {
      out.number(number.doubleValue());
    } else {
      out.string(String.valueOf(value));
    }
  }
}
