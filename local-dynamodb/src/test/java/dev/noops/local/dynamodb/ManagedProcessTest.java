package dev.noops.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {

  @Test
  void close_stops_the_process_and_its_children() {
    ManagedProcess process = ManagedProcess.start("sleeper", List.of("sh", "-c", "sleep 60 & sleep 60"));
    List<ProcessHandle> children = waitForChildren(process);
    process.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void await_port_fails_with_the_output_when_the_process_exits() {
    try (ManagedProcess process = ManagedProcess.start("quitter", List.of("sh", "-c", "echo cannot bind; exit 3"))) {
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
