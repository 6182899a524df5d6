package dev.noops.config;

/**
 * The failure family of the config client: a key that cannot be read, a value of the wrong type, a
 * secret that cannot be decrypted. Messages name the key and the reason, never the value.
 */
public sealed class ConfigException extends RuntimeException
    permits ConfigNotFoundException, ConfigUnavailableException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  ConfigException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
