package dev.noops.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@code _bulk} NDJSON: an action line and a document line per item. Action lines are
 * assembled from bytes (index names are plain ASCII by construction; ids are escaped when needed).
 */
final class BulkBody {
  private static final byte[] ID = ",\"_id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "}}\n".getBytes(StandardCharsets.US_ASCII);

  private final IndexNames names;
  private final int gzipLevel;
  private String cachedIndex;
  private String cachedOperation;
  private byte[] cachedPrefix;
  private final byte[] scratch = new byte[128];
  private final RequestBody body;

  /**
   * @param gzipLevel 1 (fastest) to 9 (smallest), or 0 to send the body uncompressed
   */
  BulkBody(IndexNames names, int gzipLevel) {
    this.names = names;
    this.gzipLevel = gzipLevel;
    this.body = new RequestBody(gzipLevel);
  }

  /** Whether {@link #encoded} compresses. */
  boolean gzipped() {
    return gzipLevel > 0;
  }

  /**
   * The request body: compressed as it is written, so the plain NDJSON never exists whole. The
   * staging buffer, the deflater and the output buffer are reused by every request.
   */
  byte[] encoded(List<BulkItem> items) {
    body.start();
    items.forEach(item -> write(item, body));
    return body.finish();
  }

  void write(BulkItem item, OutputStream out) {
    byte[] source = item.source();
    write(names.operation(item), item.index(), item.id(), source, source.length, -1, 0, out);
  }

  /**
   * The lines of a document (never a dead letter) whose JSON is {@code source[0..length)} and holds
   * {@code id} written as a JSON string at {@code source[idFrom..idTo)}: those bytes are the
   * action's {@code _id} when they are the id as it is, quoted (plain ASCII, nothing escaped).
   */
  void write(
      String index, String id, byte[] source, int length, int idFrom, int idTo, OutputStream out) {
    boolean asIs = idTo - idFrom == id.length() + 2;
    write(names.operation(false), index, id, source, length, asIs ? idFrom : -1, idTo, out);
  }

  /** With {@code idFrom} -1 when the id is written from {@code id}. */
  private void write(
      String operation,
      String index,
      String id,
      byte[] source,
      int length,
      int idFrom,
      int idTo,
      OutputStream out) {
    try {
      out.write(actionPrefix(operation, index));
      out.write(ID);
      if (idFrom >= 0) {
        out.write(source, idFrom, idTo - idFrom);
      } else {
        writeId(id, out);
      }
      out.write(END);
      out.write(source, 0, length);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bulk body", e);
    }
  }

  /** <code>{"index":{"_index":"&lt;name&gt;"</code>: the same bytes for every item of a day. */
  private byte[] actionPrefix(String operation, String index) {
    if (!index.equals(cachedIndex) || !operation.equals(cachedOperation)) {
      cachedPrefix =
          ("{\"" + operation + "\":{\"_index\":" + quoted(index)).getBytes(StandardCharsets.UTF_8);
      cachedIndex = index;
      cachedOperation = operation;
    }
    return cachedPrefix;
  }

  private void writeId(String id, OutputStream out) throws IOException {
    int length = id.length();
    if (length + 2 > scratch.length) {
      out.write(quoted(id).getBytes(StandardCharsets.UTF_8));
      return;
    }
    scratch[0] = '"';
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
        out.write(quoted(id).getBytes(StandardCharsets.UTF_8)); // escaped, or not ASCII
        return;
      }
      scratch[i + 1] = (byte) c;
    }
    scratch[length + 1] = '"';
    out.write(scratch, 0, length + 2);
  }

  private static String quoted(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return "\""
            + new String(
                com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text))
            + "\"";
      }
    }
    return "\"" + text + "\"";
  }
}
