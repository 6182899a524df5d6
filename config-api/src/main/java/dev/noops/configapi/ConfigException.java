package dev.noops.configapi;

/**
 * Why a config request could not be served. HTTP statuses are chosen from the reason at the API
 * edge only.
 */
final class ConfigException extends RuntimeException {
  /** What went wrong, in the API's terms. */
  enum Reason {
    INVALID_JSON,
    INVALID_KEY,
    INVALID_VALUE,
    INVALID_VERSION,
    INVALID_QUERY,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    PRECONDITION_FAILED,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    CONFLICT,
    UNAVAILABLE
  }

  private final Reason reason;

  ConfigException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  ConfigException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
