package dev.noops.configapi;

import java.nio.charset.StandardCharsets;

/**
 * Bytes left in one Lambda answer. Lambda refuses a response payload over 6 MB (API Gateway then
 * answers 502), and the payload is the proxy response JSON, in which the body travels as a JSON
 * string: a value is escaped once into the body and once more into the payload (a control character
 * grows from 1 byte to 7). So each part is measured as it will be sent, never estimated.
 */
final class ResponseBudget {
  /** Lambda's synchronous response payload limit. */
  static final int LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;

  /**
   * Status code, headers, field names and punctuation of the proxy response, with room to spare.
   */
  static final int ENVELOPE_BYTES = 4 * 1024;

  private long left;

  ResponseBudget(long bytes) {
    this.left = bytes;
  }

  static ResponseBudget lambdaResponse() {
    return new ResponseBudget(LAMBDA_RESPONSE_BYTES - ENVELOPE_BYTES);
  }

  /**
   * Reserves room for {@code part} (a value Jackson writes into the body); false, reserving
   * nothing, if it does not fit.
   */
  boolean take(Object part) {
    long size = sizeInPayload(part) + 1;
    if (size > left) {
      return false;
    }
    left -= size;
    return true;
  }

  /**
   * The bytes {@code part} takes in the Lambda payload: written as JSON into the body, the body
   * escaped as a string.
   */
  static long sizeInPayload(Object part) {
    String body = JsonText.write(part);
    return JsonText.write(body).getBytes(StandardCharsets.UTF_8).length - 2L;
  }
}
