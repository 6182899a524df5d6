package dev.noops.correlation;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** {@code __context__} in the JSON data of Kinesis {@code PutRecord} and {@code PutRecords}. */
final class KinesisInjection {
  /** A record's data blob may be at most 1 MiB. */
  static final int MAX_DATA_BYTES = 1_048_576;

  private KinesisInjection() {}

  static SdkRequest inject(SdkRequest request, CorrelationIds ids) {
    JsonPayloadInjection.Refusals refusals = new JsonPayloadInjection.Refusals();
    if (request instanceof PutRecordRequest put) {
      SdkBytes data = withContext(put.data(), ids, refusals);
      refusals.warn("Kinesis record(s)");
      return data == null ? put : put.toBuilder().data(data).build();
    }
    if (request instanceof PutRecordsRequest batch) {
      List<PutRecordsRequestEntry> records = new ArrayList<>(batch.records().size());
      for (PutRecordsRequestEntry record : batch.records()) {
        SdkBytes data = withContext(record.data(), ids, refusals);
        records.add(data == null ? record : record.toBuilder().data(data).build());
      }
      refusals.warn("Kinesis record(s)");
      return batch.toBuilder().records(records).build();
    }
    return request;
  }

  private static SdkBytes withContext(
      SdkBytes data, CorrelationIds ids, JsonPayloadInjection.Refusals refusals) {
    if (data == null) {
      return null;
    }
    String text = Json.strictUtf8(data.asByteArrayUnsafe());
    if (text == null) {
      refusals.notJson++;
      return null;
    }
    String json = JsonPayloadInjection.inject(text, ids, refusals);
    if (json == null) {
      return null;
    }
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (bytes.length > MAX_DATA_BYTES) {
      refusals.tooBig++;
      return null;
    }
    return SdkBytes.fromByteArrayUnsafe(bytes);
  }
}
