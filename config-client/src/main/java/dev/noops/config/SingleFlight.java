package dev.noops.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * At most one computation in flight per key: the first caller runs it in its own thread, callers
 * arriving meanwhile wait for that result — each no longer than its own deadline.
 */
final class SingleFlight<V> {
  private final ConcurrentHashMap<String, CompletableFuture<V>> inFlight =
      new ConcurrentHashMap<>();

  V run(String key, long deadlineNanos, Supplier<V> work) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(key, theirs, deadlineNanos);
    }
    try {
      V result = work.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private V await(String key, CompletableFuture<V> flight, long deadlineNanos) {
    try {
      return flight.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ConfigUnavailableException(
          "config API did not answer for " + key + " within the time budget");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigUnavailableException("interrupted while waiting for " + key);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw new ConfigUnavailableException("cannot read " + key, e.getCause());
    }
  }
}
