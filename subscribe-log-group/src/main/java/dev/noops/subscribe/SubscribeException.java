package dev.noops.subscribe;

/**
 * The one unchecked exception family of the subscriber: bad configuration or input, or a run that
 * cannot go on.
 */
public class SubscribeException extends RuntimeException {
  /** An exception with a message naming the bad value. */
  public SubscribeException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public SubscribeException(String message, Throwable cause) {
    super(message, cause);
  }
}
