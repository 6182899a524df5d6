package dev.noops.correlation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code __context__} in JSON payloads given as bytes; anything else is left byte for byte alone.
 */
final class JsonPayloadInjection {
  private static final Logger LOG = LoggerFactory.getLogger(CorrelationSdkInterceptor.class);

  private JsonPayloadInjection() {}

  /** The payload with the context, or null when it must be sent unchanged; counts why. */
  static String inject(String payload, CorrelationIds ids, Refusals refusals) {
    Payloads.Result result = Payloads.withContext(payload, ids);
    if (result.outcome() == Payloads.Outcome.NOT_AN_OBJECT) {
      refusals.notJson++;
    }
    return result.outcome() == Payloads.Outcome.ADDED ? result.json() : null;
  }

  /** What was left alone in one call, for its one warning. */
  static final class Refusals {
    int notJson;
    int tooBig;

    void warn(String what) {
      if (notJson > 0) {
        LOG.warn("{} {} sent without correlation IDs: not a JSON object", notJson, what);
      }
      if (tooBig > 0) {
        LOG.warn("{} {} sent without correlation IDs: the IDs would make it too big", tooBig, what);
      }
    }
  }
}
