package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Hostile and broken files given to {@code ship --dry-run} and {@code metrics --dry-run}: both exit
 * 2 with the same one-line reason in plain words (no Java class names), and a hint for a gzip file.
 */
class InputProblemsTest {
  private static final String PAYLOAD =
      "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"/aws/lambda/f\","
          + "\"logStream\":\"s\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1764064800000,\"message\":\"MONITORING|"
          + "1764064800|1|count|m\"}]}";

  @TempDir static Path temp;

  /** Exit code and stderr of one command. */
  private record Outcome(int exit, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return new Outcome(commandLine.execute(args), err.toString(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static String envelope(byte[] data) {
    return "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\"}}";
  }

  private static Path file(String kind) throws IOException {
    byte[] compressed = gzip(PAYLOAD.getBytes(StandardCharsets.UTF_8));
    Path file = temp.resolve(kind.replace(' ', '-') + ".json");
    return switch (kind) {
      case "missing" -> file;
      case "directory" -> Files.createDirectories(temp.resolve("a-directory"));
      case "empty" -> Files.write(file, new byte[0]);
      case "blank" -> Files.writeString(file, " \n\n  \n");
      case "gzip file" ->
          Files.write(
              temp.resolve("events.json.gz"),
              gzip(envelope(compressed).getBytes(StandardCharsets.UTF_8)));
      case "cut envelope" -> {
        String whole = envelope(compressed);
        yield Files.writeString(file, whole.substring(0, whole.length() / 2));
      }
      case "corrupt trailer" -> {
        byte[] bad = compressed.clone();
        bad[bad.length - 8] ^= 0x5a;
        yield Files.writeString(file, envelope(bad));
      }
      case "truncated gzip" ->
          Files.writeString(file, envelope(Arrays.copyOf(compressed, compressed.length - 6)));
      case "not base64" -> Files.writeString(file, "{\"awslogs\":{\"data\":\"%%%not base64%%%\"}}");
      case "not gzip" ->
          Files.writeString(file, envelope("plain".getBytes(StandardCharsets.UTF_8)));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing|no such file",
        "directory|is a directory, not a file",
        "empty|the file is empty",
        "blank|the file is empty",
        "gzip file|this looks like a gzip file; decompress it first",
        "cut envelope|not CloudWatch Logs data: invalid JSON at line 1, column",
        "corrupt trailer|not CloudWatch Logs data: data's gzip checksum or length does not match"
            + " its content",
        "truncated gzip|not CloudWatch Logs data: data's gzip stream is cut short (truncated)",
        "not base64|not CloudWatch Logs data: data is not base64",
        "not gzip|not CloudWatch Logs data: data is not gzip",
      })
  void ship_and_metrics_refuse_the_same_file_with_the_same_words(String kind, String reason)
      throws IOException {
    Path file = file(kind);
    for (String command : List.of("ship", "metrics")) {
      Outcome outcome = run(command, "--dry-run", file.toString());
      assertThat(outcome.exit()).as(command + " exit code").isEqualTo(2);
      assertThat(outcome.err().lines())
          .as(command + " says it in one line")
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line).startsWith("noops " + command + ": " + file + ": " + reason);
                assertThat(line)
                    .doesNotContainPattern("[A-Z][a-zA-Z]+(Exception|Error)\\b")
                    .doesNotContain("java.");
              });
    }
    String ship = run("ship", "--dry-run", file.toString()).err().replace("noops ship: ", "");
    String metrics =
        run("metrics", "--dry-run", file.toString()).err().replace("noops metrics: ", "");
    assertThat(metrics).as("one vocabulary").isEqualTo(ship);
  }
}
