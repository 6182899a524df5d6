package dev.noops.logs;

/**
 * Fails a shipper invocation, so that Lambda retries it and finally keeps it in the on-failure
 * queue.
 */
public class ShipperException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An invocation that could not deliver everything. */
  public ShipperException(String message) {
    super(message);
  }

  /** An invocation that could not deliver everything, with the cause. */
  public ShipperException(String message, Throwable cause) {
    super(message, cause);
  }
}
