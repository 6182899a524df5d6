package dev.noops.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Input that cannot be read as CloudWatch Logs data: kept verbatim for the dead-letter index.
 *
 * @param id a stable id (a digest of the original), so a retried invocation overwrites its dead
 *     letter
 * @param reason why it was rejected, without the payload
 * @param original the input as received (the envelope text, or the base64 {@code data} string)
 */
record InvalidInput(String id, String reason, String original) {

  static InvalidInput of(String reason, String original) {
    return new InvalidInput("invalid-" + sha256(original), reason, original);
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
