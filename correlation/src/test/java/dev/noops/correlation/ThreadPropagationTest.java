package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.FakeContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;

class ThreadPropagationTest {
  private final ExecutorService platform = Executors.newFixedThreadPool(1);

  @AfterEach
  void stop() throws InterruptedException {
    platform.shutdownNow();
    platform.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * A virtual-thread-per-task executor, found reflectively: the tests compile for 17 (and run on a
   * JDK 17 under -Pjdk17-tests), where virtual threads do not exist and these tests are skipped.
   */
  private static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Thread startVirtualThread(Runnable task) {
    try {
      return (Thread)
          Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> event(String correlationId) {
    return Map.of("__context__", Map.of("x-correlation-id", correlationId));
  }

  private static String seen() {
    return Correlation.current().correlationId() + "|" + MDC.get("x-correlation-id");
  }

  @Test
  void a_wrapped_executor_service_runs_tasks_with_the_submitter_ids_and_cleans_the_pool_thread()
      throws Exception {
    ExecutorService pool = Correlation.wrap(platform);

    String inside =
        Correlation.handle(
            event("corr-1"),
            FakeContext.of("req-1"),
            () -> get(pool.submit(ThreadPropagationTest::seen)));
    String later = platform.submit(ThreadPropagationTest::seen).get();

    assertThat(inside).isEqualTo("corr-1|corr-1");
    assertThat(later).isEqualTo("null|null");
  }

  @Test
  void one_pool_thread_serving_two_invocations_sees_each_one_ids() throws Exception {
    ExecutorService pool = Correlation.wrap(platform);

    String first =
        Correlation.handle(
            event("corr-1"),
            FakeContext.of("req-1"),
            () -> get(pool.submit(ThreadPropagationTest::seen)));
    String second =
        Correlation.handle(
            event("corr-2"),
            FakeContext.of("req-2"),
            () -> get(pool.submit(ThreadPropagationTest::seen)));

    assertThat(List.of(first, second)).containsExactly("corr-1|corr-1", "corr-2|corr-2");
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtual_threads_see_the_ids_through_a_wrapped_executor_and_invokeAll() throws Exception {
    ExecutorService virtual = Correlation.wrap(newVirtualThreadPerTaskExecutor());
    try {
      List<String> seen =
          Correlation.handle(
              event("corr-v"),
              FakeContext.of("req-v"),
              () -> {
                List<Callable<String>> tasks =
                    List.of(
                        ThreadPropagationTest::seen,
                        ThreadPropagationTest::seen,
                        ThreadPropagationTest::seen);
                try {
                  return virtual.invokeAll(tasks).stream().map(ThreadPropagationTest::get).toList();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      assertThat(seen).containsOnly("corr-v|corr-v").hasSize(3);
    } finally {
      virtual.shutdown();
    }
  }

  // yield hands the carrier to the other virtual threads: the interleaving is what is tested
  @SuppressWarnings("ThreadPriorityCheck")
  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void concurrent_invocations_on_virtual_threads_never_see_each_other_ids() throws Exception {
    ExecutorService virtual = newVirtualThreadPerTaskExecutor();
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String id = "corr-" + i;
        results.add(
            virtual.submit(
                () ->
                    Correlation.handle(
                        event(id),
                        FakeContext.of("req-" + id),
                        () -> {
                          boolean same = true;
                          for (int j = 0; j < 20; j++) {
                            Thread.yield();
                            same &=
                                id.equals(Correlation.current().correlationId())
                                    && id.equals(MDC.get("x-correlation-id"));
                          }
                          return same;
                        })));
      }

      assertThat(results).extracting(ThreadPropagationTest::get).containsOnly(true).hasSize(500);
    } finally {
      virtual.shutdown();
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void a_wrapped_runnable_on_a_new_virtual_thread_sees_the_ids() throws Exception {
    String[] seen = new String[1];

    Thread thread =
        Correlation.handle(
            event("corr-t"),
            FakeContext.of("req-t"),
            () ->
                startVirtualThread(
                    Correlation.wrap(
                        () -> {
                          seen[0] = seen();
                        })));
    thread.join();

    assertThat(seen[0]).isEqualTo("corr-t|corr-t");
  }

  @Test
  void a_wrapped_executor_works_for_completable_futures() {
    String seen =
        Correlation.handle(
            event("corr-cf"),
            FakeContext.of("req-cf"),
            () ->
                CompletableFuture.supplyAsync(
                        ThreadPropagationTest::seen,
                        Correlation.wrap((java.util.concurrent.Executor) platform))
                    .join());

    assertThat(seen).isEqualTo("corr-cf|corr-cf");
  }

  @Test
  void an_unwrapped_task_does_not_see_the_ids() throws Exception {
    String seen =
        Correlation.handle(
            event("corr-1"),
            FakeContext.of("req-1"),
            () -> get(platform.submit(ThreadPropagationTest::seen)));

    assertThat(seen).isEqualTo("null|null");
  }

  @Test
  void a_task_wrapped_outside_an_invocation_runs_without_ids_even_on_a_thread_that_has_some()
      throws Exception {
    Callable<String> task = Correlation.wrap((Callable<String>) ThreadPropagationTest::seen);

    String seen = Correlation.handle(event("corr-1"), FakeContext.of("req-1"), () -> call(task));

    assertThat(seen).isEqualTo("null|null");
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
