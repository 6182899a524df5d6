package dev.noops.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * How an application's JSON log is represented in a document: today each leaf of
 * {@link JsonFlattener} becomes a {@code json.<path>} field. The one place that decides it, so the
 * representation can change (per engine) without touching the rest of the document.
 */
final class JsonFields {
  private JsonFields() {}

  static void write(JsonGenerator out, Map<String, Object> leaves) throws IOException {
    for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
      out.writeFieldName("json." + leaf.getKey());
      value(out, leaf.getValue());
    }
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
