package dev.noops.configapi;

import java.util.List;

/** One page of results and the opaque token of the next page (null on the last page). */
record Page<T>(List<T> items, String nextToken) {
  Page {
    items = List.copyOf(items);
  }
}
