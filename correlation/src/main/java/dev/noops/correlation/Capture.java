package dev.noops.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the IDs found on an event into the context of the invocation and of each batch record. */
final class Capture {
  /** A caller cannot make the chain length overflow: larger values are held at this. */
  static final int MAX_CHAIN_LENGTH = 1_000_000;

  private final DebugSampler sampler;

  Capture(DebugSampler sampler) {
    this.sampler = sampler;
  }

  /** The context of one invocation and, for a batch, of each record. */
  record Captured(CorrelationIds invocation, List<CorrelationIds> records) {}

  Captured capture(Object event, String awsRequestId, String traceHeader) {
    EventReader.Incoming incoming = EventReader.read(event);
    if (incoming.records() == null) {
      String fallback = incoming.apiRequestId() != null ? incoming.apiRequestId() : awsRequestId;
      CorrelationIds ids = build(incoming.ids(), fallback, awsRequestId, traceHeader, null);
      return new Captured(ids, List.of());
    }
    CorrelationIds invocation =
        build(common(incoming.records()), awsRequestId, awsRequestId, traceHeader, null);
    List<CorrelationIds> records = new ArrayList<>(incoming.records().size());
    for (Map<String, String> record : incoming.records()) {
      records.add(forRecord(record, invocation));
    }
    return new Captured(invocation, records);
  }

  /** A record's own context: its IDs, else the invocation's request id and debug decision. */
  CorrelationIds forRecord(Map<String, String> record, CorrelationIds invocation) {
    String awsRequestId = invocation.awsRequestId();
    return build(
        record,
        awsRequestId,
        awsRequestId,
        invocation.get(CorrelationIds.AMZN_TRACE_ID),
        invocation.debugLogEnabled());
  }

  CorrelationIds build(
      Map<String, String> sent,
      String fallbackId,
      String awsRequestId,
      String traceHeader,
      Boolean debugDefault) {
    Map<String, String> incoming = withBaggageIds(sent);
    CorrelationIds.Builder ids = CorrelationIds.builder();
    if (!ids.put(CorrelationIds.CORRELATION_ID, incoming.get(CorrelationIds.CORRELATION_ID))) {
      ids.put(CorrelationIds.CORRELATION_ID, fallbackId);
    }
    for (Map.Entry<String, String> id : incoming.entrySet()) {
      if (id.getKey().startsWith(CorrelationIds.PREFIX)) {
        ids.put(id.getKey(), id.getValue());
      }
    }
    ids.put(CorrelationIds.AWS_REQUEST_ID, awsRequestId);
    ids.put(
        CorrelationIds.CALL_CHAIN_LENGTH,
        Integer.toString(chainLength(incoming.get(CorrelationIds.CALL_CHAIN_LENGTH))));
    ids.put(
        CorrelationIds.DEBUG_LOG_ENABLED,
        Boolean.toString(debug(incoming.get(CorrelationIds.DEBUG_LOG_ENABLED), debugDefault)));
    if (!ids.put(CorrelationIds.AMZN_TRACE_ID, incoming.get(CorrelationIds.AMZN_TRACE_ID))) {
      ids.put(CorrelationIds.AMZN_TRACE_ID, traceHeader);
    }
    String traceparent = TraceContext.traceparent(incoming.get(CorrelationIds.TRACEPARENT));
    if (traceparent != null) {
      ids.put(CorrelationIds.TRACEPARENT, traceparent);
      // W3C: a tracestate without a valid traceparent is discarded with it
      ids.put(
          CorrelationIds.TRACESTATE,
          TraceContext.tracestate(incoming.get(CorrelationIds.TRACESTATE)));
    }
    ids.put(CorrelationIds.BAGGAGE, incoming.get(CorrelationIds.BAGGAGE));
    return ids.build();
  }

  /**
   * The IDs sent as headers/attributes, plus the {@code x-correlation-*} members of the baggage
   * they did not send.
   */
  private static Map<String, String> withBaggageIds(Map<String, String> sent) {
    String baggage = sent.get(CorrelationIds.BAGGAGE);
    if (baggage == null) {
      return sent;
    }
    Map<String, String> merged = new LinkedHashMap<>(sent);
    Baggage.ids(baggage).forEach(merged::putIfAbsent);
    return merged;
  }

  /** The incoming length plus this hop; 1 when the caller sent none or nonsense. */
  static int chainLength(String incoming) {
    if (incoming == null) {
      return 1;
    }
    try {
      long length = Long.parseLong(incoming.strip());
      if (length < 1) {
        return 1;
      }
      return length >= MAX_CHAIN_LENGTH ? MAX_CHAIN_LENGTH : (int) length + 1;
    } catch (NumberFormatException e) {
      return length(incoming);
    }
  }

  private static int length(String digits) {
    // a run of digits too long for a long is still a (hostile) very long chain
    return digits.strip().chars().allMatch(Character::isDigit) && !digits.isBlank()
        ? MAX_CHAIN_LENGTH
        : 1;
  }

  private boolean debug(String incoming, Boolean debugDefault) {
    if (incoming != null) {
      String value = incoming.strip();
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return debugDefault != null ? debugDefault : sampler.sample();
  }

  /** The IDs every record carries with the same value: all the invocation can honestly claim. */
  static Map<String, String> common(List<Map<String, String>> records) {
    if (records.isEmpty()) {
      return Map.of();
    }
    Map<String, String> common = new LinkedHashMap<>(records.get(0));
    for (int i = 1; i < records.size() && !common.isEmpty(); i++) {
      common.entrySet().retainAll(records.get(i).entrySet());
    }
    return common;
  }
}
