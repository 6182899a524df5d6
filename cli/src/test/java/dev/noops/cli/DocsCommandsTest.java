package dev.noops.cli;

import static dev.noops.testsupport.AwsWireMock.LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every {@code ./noops ship}, {@code metrics} and {@code subscribe --dry-run} line in the shell
 * blocks of README.md and docs/*.md is run (against scripted CloudWatch Logs for subscribe): a file
 * it names exists, and the command is not refused. Synopsis lines with placeholders ({@code
 * FILE...}, {@code ARN}, {@code […]}) and lines that need a live cluster ({@code --es}) are parsed
 * only.
 */
class DocsCommandsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern RUNNABLE =
      Pattern.compile("^\\./noops (ship|metrics|subscribe)\\b.*");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("FILE|\\bARN\\b|\\[|…|\\.\\.\\.|<[A-Za-z]");
  private static AwsWireMock aws;

  /** One command line of a page. */
  record DocCommand(String page, int line, String text) {
    @Override
    public String toString() {
      return page + ":" + line + " " + text;
    }

    /** The words after {@code ./noops}, as written. */
    List<String> words() {
      return List.of(text.substring("./noops ".length()).trim().split("\\s+"));
    }

    /**
     * The words with the repository's files resolved from the module directory the test runs in.
     */
    List<String> args() {
      List<String> args = new ArrayList<>(words());
      args.replaceAll(
          arg ->
              !arg.startsWith("-") && Files.exists(ROOT.resolve(arg))
                  ? ROOT.resolve(arg).toString()
                  : arg);
      return args;
    }

    boolean runnable() {
      return !PLACEHOLDER.matcher(text).find()
          && !text.contains("--es ")
          && !text.contains("=")
          && (!text.startsWith("./noops subscribe") || text.contains("--dry-run"));
    }
  }

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    System.setProperty("aws.endpointUrl", aws.endpoint().toString());
    Map.of("aws.region", "eu-west-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test")
        .forEach(System::setProperty);
    aws.stubJson(
        LOGS + ".DescribeLogGroups",
        Reply.ok(
            Map.of(
                "logGroups",
                List.of(
                    Map.of(
                        "logGroupName",
                        "/aws/lambda/orders",
                        "arn",
                        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders:*")))));
    aws.stubJson(
        LOGS + ".DescribeSubscriptionFilters", Reply.ok(Map.of("subscriptionFilters", List.of())));
  }

  @AfterAll
  static void stop() {
    List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")
        .forEach(System::clearProperty);
    aws.close();
  }

  static List<DocCommand> commands() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    Path docs = ROOT.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.list(docs)) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    List<DocCommand> commands = new ArrayList<>();
    for (Path page : pages) {
      commands.addAll(commands(page));
    }
    return commands;
  }

  /**
   * The command lines inside fenced shell blocks (bash, sh, shell or unlabelled), comments cut,
   * continuations joined.
   */
  private static List<DocCommand> commands(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<DocCommand> found = new ArrayList<>();
    boolean shell = false;
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        // a closing fence ends any block; only an opening one says whether it is a shell block
        shell = !fenced && line.matches("```(bash|sh|shell|console)?");
        fenced = !fenced;
        continue;
      }
      if (!shell) {
        continue;
      }
      StringBuilder command = new StringBuilder(line.replaceFirst("^\\$ ", ""));
      int start = i;
      while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
        command.setLength(command.length() - 1);
        command.append(' ').append(lines.get(++i).strip());
      }
      String text = command.toString().replaceFirst("\\s+#.*$", "").strip();
      if (RUNNABLE.matcher(text).matches()) {
        found.add(new DocCommand(ROOT.relativize(page).toString(), start + 1, text));
      }
    }
    return found;
  }

  @Test
  void the_docs_show_ship_metrics_and_subscribe_commands() throws IOException {
    List<DocCommand> commands = commands();
    assertThat(commands)
        .extracting(c -> c.text().split(" ", -1)[1])
        .contains("ship", "metrics", "subscribe");
    assertThat(commands.stream().filter(DocCommand::runnable))
        .as("some of them can be run as written")
        .isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void every_command_in_the_docs_names_files_that_exist_and_runs(DocCommand command) {
    for (String arg : command.words()) {
      if (arg.startsWith("events/") || arg.matches("[\\w./-]+\\.(json|log|gz)")) {
        assertThat(ROOT.resolve(arg)).as("%s names a file that does not exist", command).exists();
      }
    }
    CommandLine commandLine = Noops.newCommandLine();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    commandLine.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    if (!command.runnable()) {
      // a synopsis: its options must at least be ones the command has
      List<String> options =
          command.args().stream()
              .filter(a -> a.startsWith("--"))
              .map(a -> a.split("=", -1)[0])
              .toList();
      CommandLine sub = commandLine.getSubcommands().get(command.args().get(0));
      assertThat(sub).as("%s names a command noops has", command).isNotNull();
      options.forEach(
          option ->
              assertThat(sub.getCommandSpec().findOption(option))
                  .as("%s: %s", command, option)
                  .isNotNull());
      return;
    }
    int exit = commandLine.execute(command.args().toArray(String[]::new));
    assertThat(exit)
        .as("%s exited %d: %s", command, exit, err.toString(StandardCharsets.UTF_8))
        .isIn(0, 1);
    assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", command).doesNotContain("Usage:");
  }
}
