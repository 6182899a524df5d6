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
  void write(JsonBuffer out, Map<String, Object> json) {
    if (json.isEmpty()) {
      return;
    }
    Leaves leaves = json instanceof Leaves own ? own : Leaves.copyOf(json);
    boolean anyLong = false;
    boolean anyShort = false;
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      boolean isLong = tooLong(leaves.value(leaf));
      anyLong |= isLong;
      anyShort |= !isLong;
    }
    Spans spans = new Spans(leaves.size());
    if (anyShort) {
      object(out, JSON, leaves, false, anyLong, spans);
    }
    if (anyLong) {
      object(out, JSON_LONG, leaves, true, true, spans);
    }
    numbers(out, leaves, spans);
    if (mapping.writesPairs()) {
      pairs(out, leaves, spans);
    }
  }

  /**
   * Where {@link #object} wrote each leaf's quoted key and its value in the buffer: {@code
   * json_num} and {@code json_kv} copy those bytes instead of escaping the same texts again.
   */
  private static final class Spans {
    private final int[] at;

    Spans(int leaves) {
      at = new int[4 * leaves];
    }

    void key(int leaf, int start, int end) {
      at[4 * leaf] = start;
      at[4 * leaf + 1] = end;
    }

    void value(int leaf, int start, int end) {
      at[4 * leaf + 2] = start;
      at[4 * leaf + 3] = end;
    }

    /** The leaf's key as written: quoted, or (inner) without its quotes. */
    void copyKey(JsonBuffer out, int leaf, boolean inner) {
      int quote = inner ? 1 : 0;
      out.copy(at[4 * leaf] + quote, at[4 * leaf + 1] - quote);
    }

    int valueLength(int leaf) {
      return at[4 * leaf + 3] - at[4 * leaf + 2];
    }

    /** The leaf's value as written: as is, or (inner) a string's content without its quotes. */
    void copyValue(JsonBuffer out, int leaf, boolean inner) {
      int quote = inner ? 1 : 0;
      out.copy(at[4 * leaf + 2] + quote, at[4 * leaf + 3] - quote);
    }
  }

  private static void object(
      JsonBuffer out, byte[] start, Leaves leaves, boolean longOnes, boolean mixed, Spans spans) {
    out.raw(start);
    boolean first = true;
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      Object value = leaves.value(leaf);
      if (!mixed || tooLong(value) == longOnes) {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        int keyStart = out.size();
        out.string(leaves.key(leaf));
        spans.key(leaf, keyStart, out.size());
        out.raw((byte) ':');
        int valueStart = out.size();
        value(out, value);
        spans.value(leaf, valueStart, out.size());
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

  private static void numbers(JsonBuffer out, Leaves leaves, Spans spans) {
    int written = 0;
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      Object value = leaves.value(leaf);
      if (value instanceof List<?> list) {
        for (Object item : list) {
          if (isNumber(item) && written < MAX_NUMBERS) {
            startNumber(out, written++, spans, leaf);
            value(out, item);
            out.raw((byte) '}');
          }
        }
      } else if (isNumber(value) && written < MAX_NUMBERS) {
        startNumber(out, written++, spans, leaf);
        spans.copyValue(out, leaf, false); // the same bytes value() wrote into the json object
        out.raw((byte) '}');
      }
    }
    if (written > 0) {
      out.raw((byte) ']');
    }
  }

  /** A finite number: a {@code json_num} entry. */
  private static boolean isNumber(Object item) {
    return item instanceof Number number && Double.isFinite(number.doubleValue());
  }

  /** The start of a {@code json_num} entry, up to its value. */
  private static void startNumber(JsonBuffer out, int written, Spans spans, int leaf) {
    out.raw(written == 0 ? JSON_NUM : NEXT_NUMBER);
    spans.copyKey(out, leaf, false);
    out.raw(VALUE);
  }

  private void pairs(JsonBuffer out, Leaves leaves, Spans spans) {
    out.raw(JSON_KV);
    boolean first = true;
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      String path = leaves.key(leaf);
      Object value = leaves.value(leaf);
      if (value instanceof List<?> list) {
        for (Object item : list) {
          first &= !pair(out, path, item, false, first, spans, leaf);
        }
      } else {
        first &= !pair(out, path, value, true, first, spans, leaf);
      }
    }
    out.raw((byte) ']');
  }

  /**
   * {@code "path=value"} unless longer than {@value #MAX_PAIR} characters (it would not be indexed:
   * ignore_above); true when written. The path, and a leaf's value that the json object holds as
   * the same text (a string, a whole number, a boolean, a double that is not whole), are copied
   * from where {@link #object} wrote them escaped; other values are escaped here.
   */
  private static boolean pair(
      JsonBuffer out,
      String path,
      Object item,
      boolean leafValue,
      boolean first,
      Spans spans,
      int leaf) {
    boolean copied =
        leafValue
            && (item instanceof String
                || item instanceof Integer
                || item instanceof Long
                || item instanceof Boolean
                || (item instanceof Double d && sameText(d)));
    String value = item instanceof String string ? string : copied ? null : text(item);
    int length = value != null ? value.length() : spans.valueLength(leaf); // digits: ASCII
    if (path.length() + 1 + length > MAX_PAIR) {
      return false;
    }
    if (!first) {
      out.raw((byte) ',');
    }
    out.raw((byte) '"');
    spans.copyKey(out, leaf, true);
    out.raw((byte) '=');
    if (copied) {
      spans.copyValue(out, leaf, item instanceof String);
    } else {
      out.chars(value);
    }
    out.raw((byte) '"');
    return true;
  }

  /**
   * Whether {@link #text} of {@code value} is what {@link #value} wrote: {@link Double#toString} of
   * a finite number that {@link #text} does not write as a whole one.
   */
  private static boolean sameText(double value) {
    return Double.isFinite(value) && !(value == Math.rint(value) && Math.abs(value) < 1e15);
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
