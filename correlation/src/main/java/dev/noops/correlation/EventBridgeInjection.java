package dev.noops.correlation;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** {@code __context__} in the detail of each EventBridge {@code PutEvents} entry. */
final class EventBridgeInjection {
  /** An entry (detail, detail-type, source, resources) may be at most 256 KiB. */
  static final int MAX_ENTRY_BYTES = 262_144;

  private EventBridgeInjection() {}

  static SdkRequest inject(SdkRequest request, CorrelationIds ids) {
    if (!(request instanceof PutEventsRequest put)) {
      return request;
    }
    JsonPayloadInjection.Refusals refusals = new JsonPayloadInjection.Refusals();
    List<PutEventsRequestEntry> entries = new ArrayList<>(put.entries().size());
    for (PutEventsRequestEntry entry : put.entries()) {
      String detail =
          entry.detail() == null
              ? null
              : JsonPayloadInjection.inject(entry.detail(), ids, refusals);
      if (detail != null && size(entry, detail) > MAX_ENTRY_BYTES) {
        refusals.tooBig++;
        detail = null;
      }
      entries.add(detail == null ? entry : entry.toBuilder().detail(detail).build());
    }
    refusals.warn("EventBridge event(s)");
    return put.toBuilder().entries(entries).build();
  }

  private static long size(PutEventsRequestEntry entry, String detail) {
    long size =
        (long) MessageLimits.utf8(detail)
            + MessageLimits.utf8(entry.detailType())
            + MessageLimits.utf8(entry.source());
    for (String resource : entry.resources()) {
      size += MessageLimits.utf8(resource);
    }
    return size;
  }
}
