package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.configlocal.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every curl line of the config page (docs/config.md), and the three noops local prints, run with
 * curl against noops local.
 */
class ReadmeCurlTest {
  private static final Path README = Path.of("..", "docs", "config.md");
  @TempDir Path dataDir;
  private LocalStack stack;

  @BeforeEach
  void start() {
    stack = LocalStack.start(0, dataDir, null);
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  /** A curl line and the start of the answer the README shows under it. */
  record Example(String curl, String answer) {}

  @Test
  void every_readme_curl_line_answers_what_the_readme_shows() throws Exception {
    List<String> section = centralConfigSection(Files.readAllLines(README));
    List<Example> examples = examples(section);
    long curlLines = section.stream().filter(line -> line.startsWith("curl ")).count();
    assertThat(examples).hasSize((int) curlLines).hasSizeGreaterThanOrEqualTo(12);

    for (Example example : examples) {
      String output = bash(example.curl(), stack.baseUrl().toString(), stack.apiKey());
      assertThat(output).as(example.curl()).startsWith(example.answer());
    }
  }

  @Test
  void the_three_curl_lines_noops_local_prints_work_as_pasted() throws Exception {
    String[] lines = LocalCommand.curlLines(stack.baseUrl().toString(), stack.apiKey());

    assertThat(bash(lines[0], "", ""))
        .contains("\"key\":\"/orders/db-url\"")
        .contains("\"value\":\"jdbc:postgresql://db/orders\"");
    assertThat(bash(lines[1], "", "")).contains("\"value\":\"jdbc:postgresql://db/orders\"");
    assertThat(bash(lines[2], "", ""))
        .contains("\"key\":\"/orders/db-password\"")
        .contains("\"encrypted\":true")
        .doesNotContain("s3cret");
  }

  /** The lines of the config page from its "# Central config" title to its end. */
  static List<String> centralConfigSection(List<String> page) {
    int start = 0;
    while (start < page.size() && !page.get(start).startsWith("# Central config")) {
      start++;
    }
    assertThat(start)
        .as("docs/config.md starts with a '# Central config' title")
        .isLessThan(page.size());
    return page.subList(start, page.size());
  }

  static List<Example> examples(List<String> lines) {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("curl ")) {
        String answer = lines.get(i + 1);
        assertThat(answer).as("the line under " + lines.get(i)).startsWith("# → ");
        examples.add(new Example(lines.get(i), answer.substring("# → ".length())));
      }
    }
    return examples;
  }

  static String bash(String command, String url, String apiKey)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
    builder.environment().put("NOOPS_CONFIG_URL", url);
    builder.environment().put("NOOPS_CONFIG_API_KEY", apiKey);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
