package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes {@code _bulk} NDJSON: an action line and a document line per item. */
final class BulkBody {
  private final JsonFactory json;
  private final IndexNames names;

  BulkBody(JsonFactory json, IndexNames names) {
    this.json = json;
    this.names = names;
  }

  /** The gzip-compressed body, written through the compressor so the plain NDJSON never exists whole. */
  byte[] gzipped(List<BulkItem> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, items.stream().mapToInt(BulkItem::size).sum() / 5));
    try (OutputStream gzip = Gzip.compressing(out)) {
      items.forEach(item -> write(item, gzip));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip the bulk body in memory", e);
    }
    return out.toByteArray();
  }

  void write(BulkItem item, OutputStream out) {
    try {
      try (JsonGenerator action = json.createGenerator(out)) {
        action.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        action.writeStartObject();
        action.writeObjectFieldStart(names.operation(item));
        action.writeStringField("_index", item.index());
        action.writeStringField("_id", item.id());
        action.writeEndObject();
        action.writeEndObject();
      }
      out.write('\n');
      out.write(item.source());
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bulk body", e);
    }
  }
}
