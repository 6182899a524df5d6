package dev.noops.config;

/**
 * The config API could not give an answer within the time budget (unreachable, slow, an error
 * status, a malformed or oversized answer) and no cached value young enough to serve was at hand.
 */
public final class ConfigUnavailableException extends ConfigException {
  private static final long serialVersionUID = 1L;

  ConfigUnavailableException(String message) {
    super(message);
  }

  ConfigUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
