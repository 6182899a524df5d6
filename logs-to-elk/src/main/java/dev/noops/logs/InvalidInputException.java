package dev.noops.logs;

/**
 * The input is not a CloudWatch Logs payload; the message says why and never contains the payload.
 */
final class InvalidInputException extends ShipperException {
  private static final long serialVersionUID = 1L;

  InvalidInputException(String reason) {
    super(reason);
  }
}
