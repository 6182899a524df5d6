package dev.noops.logs;

/**
 * One {@code _bulk} action and its document.
 *
 * @param event the log event the document came from, kept for the dead-letter index (null for a
 *     dead letter)
 */
@SuppressWarnings("ArrayRecordComponent") // a document on its way, never compared or hashed
record BulkItem(String index, String id, byte[] source, LogContext context, LogEvent event) {

  boolean isDeadLetter() {
    return event == null;
  }

  /** Bytes this item adds to a request body, roughly (action line + document + newlines). */
  int size() {
    return source.length + index.length() + id.length() + 40;
  }
}
