package dev.noops.correlation;

import java.util.Map;

/** Adds {@code __context__} to JSON payloads, leaving anything that is not a JSON object alone. */
final class Payloads {
  private Payloads() {}

  /** What happened to a payload. */
  enum Outcome {
    ADDED,
    NOT_AN_OBJECT,
    ALREADY_PRESENT,
    NO_CONTEXT
  }

  /** The payload after the attempt, and why it is as it is. */
  record Result(String json, Outcome outcome) {}

  static Result withContext(String json, CorrelationIds ids) {
    if (ids.isEmpty()) {
      return new Result(json, Outcome.NO_CONTEXT);
    }
    Map<String, Object> object = Json.parseObjectOrNull(json);
    if (object == null) {
      return new Result(json, Outcome.NOT_AN_OBJECT);
    }
    if (object.containsKey(CorrelationIds.CONTEXT_MEMBER)) {
      return new Result(json, Outcome.ALREADY_PRESENT);
    }
    String context = JsonWriter.object(ids.forwarded());
    return new Result(
        JsonWriter.prependMember(json, CorrelationIds.CONTEXT_MEMBER, context), Outcome.ADDED);
  }
}
