package dev.noops.logs;

/**
 * What goes to the dead-letter index: the raw message and the reason it can never be indexed.
 *
 * @param id the document id (the CloudWatch event id, or a digest of invalid input)
 * @param timestamp epoch millis that chooses the daily dead-letter index
 * @param status the HTTP status of the item, 0 when there was none
 * @param context where the message came from, null for unreadable input
 */
record DeadLetter(
    String id,
    long timestamp,
    String original,
    String errorType,
    String reason,
    int status,
    LogContext context) {}
