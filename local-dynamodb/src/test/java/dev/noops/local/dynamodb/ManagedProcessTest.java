package dev.noops.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {

  @Test
  void close_stops_the_process_and_its_children() {
    ManagedProcess process =
        ManagedProcess.start("sleeper", List.of("sh", "-c", "sleep 60 & sleep 60"));
    List<ProcessHandle> children = waitForChildren(process);
    process.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void await_port_fails_with_the_output_when_the_process_exits() {
    try (ManagedProcess process =
        ManagedProcess.start("quitter", List.of("sh", "-c", "echo cannot bind; exit 3"))) {
      assertThatThrownBy(() -> process.awaitPort(FreePort.find(), Duration.ofSeconds(10)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("quitter exited with 3")
          .hasMessageContaining("cannot bind");
    }
  }

  @Test
  void await_port_gives_up_after_the_timeout() {
    try (ManagedProcess process = ManagedProcess.start("idler", List.of("sleep", "30"))) {
      assertThatThrownBy(() -> process.awaitPort(FreePort.find(), Duration.ofMillis(300)))
          .hasMessageContaining("did not listen on port");
    }
  }

  @Test
  void the_child_dies_with_a_parent_jvm_killed_by_sigkill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), ParentThatDies.class.getName())
            .redirectErrorStream(true)
            .start();
    List<Long> pids;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).startsWith("pids [");
      pids =
          Arrays.stream(line.substring(6, line.length() - 1).split(", "))
              .map(Long::parseLong)
              .toList();
      assertThat(pids).hasSizeGreaterThanOrEqualTo(2);
      parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && pids.stream().anyMatch(ManagedProcessTest::alive)) {
      Thread.sleep(100);
    }
    assertThat(pids)
        .as("the watchdog and the server after the parent's kill -9")
        .noneMatch(ManagedProcessTest::alive);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<ProcessHandle> waitForChildren(ManagedProcess process) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> children = process.descendants();
      if (children.size() >= 2) {
        return children;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the shell started no children");
  }
}
