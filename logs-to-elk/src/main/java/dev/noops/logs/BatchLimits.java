package dev.noops.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * How large one {@code _bulk} request may be: at most {@code maxBytes} of NDJSON and {@code
 * maxCount} documents.
 */
record BatchLimits(int maxBytes, int maxCount) {

  BatchLimits {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive: " + maxCount);
    }
  }

  boolean full(int bytes, int count) {
    return bytes >= maxBytes || count >= maxCount;
  }

  /**
   * Consecutive runs of {@code items} within the limits (an item larger than maxBytes goes alone).
   */
  List<List<BulkItem>> split(List<BulkItem> items) {
    if (!items.isEmpty() && items.size() <= maxCount) {
      long total = 0;
      for (BulkItem item : items) {
        total += item.size();
      }
      if (total <= maxBytes) {
        return List.of(items); // one request: the common case, no copy
      }
    }
    List<List<BulkItem>> chunks = new ArrayList<>();
    List<BulkItem> chunk = new ArrayList<>(Math.min(items.size(), maxCount));
    int bytes = 0;
    for (BulkItem item : items) {
      if (!chunk.isEmpty() && (bytes + item.size() > maxBytes || chunk.size() >= maxCount)) {
        chunks.add(chunk);
        chunk = new ArrayList<>(Math.min(items.size(), maxCount));
        bytes = 0;
      }
      chunk.add(item);
      bytes += item.size();
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }
}
