package dev.noops.logs;

/**
 * One CloudWatch Logs event: its id (unique, used as the document id), epoch millis and message.
 */
record LogEvent(String id, long timestamp, String message) {}
