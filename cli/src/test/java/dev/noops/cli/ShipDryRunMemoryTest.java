package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ship --dry-run} streams: a small file of a million tiny events expands to hundreds of MB
 * of NDJSON, which a child JVM with a 48 MB heap writes out completely (the output used to be held
 * in memory: OutOfMemoryError).
 */
class ShipDryRunMemoryTest {
  private static final int EVENTS = 1_000_000;

  @TempDir Path temp;

  @Test
  void dry_run_of_a_small_file_that_expands_to_hundreds_of_megabytes_runs_in_a_48_mb_heap()
      throws Exception {
    Path input = temp.resolve("tiny.json");
    Files.write(input, tinyEvents(EVENTS));
    Path output = temp.resolve("out.ndjson");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx48m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Noops.class.getName(),
                "ship",
                "--dry-run",
                input.toString())
            .redirectOutput(output.toFile())
            .redirectError(temp.resolve("err.txt").toFile())
            .start();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();

    assertThat(child.exitValue()).as(Files.readString(temp.resolve("err.txt"))).isZero();
    assertThat(Files.size(output))
        .as("far more output than the heap")
        .isGreaterThan(200L * 1024 * 1024);
    try (var lines = Files.lines(output)) {
      assertThat(lines.count()).isEqualTo(2L * EVENTS);
    }
    List<String> last = tail(output);
    assertThat(last.get(0)).contains("\"_id\":\"" + (EVENTS - 1) + "\"");
  }

  private static List<String> tail(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.skip(2L * EVENTS - 2).toList();
    }
  }

  /**
   * An awslogs envelope of {@code count} one-character events (about 1 KB of gzip per 1,000
   * events).
   */
  private static byte[] tinyEvents(int count) throws IOException {
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (OutputStream gzip =
        new GZIPOutputStream(compressed, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gzip.write(
          ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/tiny\","
                  + "\"logStream\":\"2026/12/02/[$LATEST]tiny\",\"subscriptionFilters\":[\"noops\"],\"logEvents\":[")
              .getBytes(StandardCharsets.US_ASCII));
      StringBuilder event = new StringBuilder(64);
      for (int i = 0; i < count; i++) {
        event.setLength(0);
        event
            .append(i == 0 ? "" : ",")
            .append("{\"id\":\"")
            .append(i)
            .append("\",\"timestamp\":1796205600000,\"message\":\"x\"}");
        gzip.write(event.toString().getBytes(StandardCharsets.US_ASCII));
      }
      gzip.write("]}".getBytes(StandardCharsets.US_ASCII));
    }
    return ("{\"awslogs\":{\"data\":\""
            + Base64.getEncoder().encodeToString(compressed.toByteArray())
            + "\"}}")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
