package dev.noops.logs;

/** The shipper's configuration (environment variables or builder values) is missing or invalid. */
public final class ConfigException extends ShipperException {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }
}
