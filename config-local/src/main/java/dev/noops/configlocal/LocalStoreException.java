package dev.noops.configlocal;

/**
 * The local data folder cannot be used as it is: damaged or missing files, a missing key next to
 * existing ciphertext, or another {@code noops local} using it. The message says what was found and
 * what the user can choose.
 */
public final class LocalStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LocalStoreException(String message) {
    super(message, null, false, false);
  }
}
