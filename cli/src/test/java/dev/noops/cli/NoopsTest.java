package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NoopsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  @Test
  void help_lists_the_command_and_exits_0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: noops").contains("--version");
  }

  @Test
  void version_prints_the_build_version() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("noops 0.").doesNotContain("${");
  }

  @Test
  void an_unknown_command_exits_2_with_usage() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Unmatched argument")
        .contains("Usage: noops");
  }

  @Test
  void an_unknown_option_exits_2_with_usage() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Unknown option")
        .contains("Usage: noops");
  }

  @Test
  void no_command_exits_2_with_usage() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Missing subcommand")
        .contains("Usage: noops");
  }

  @Test
  void config_get_help_shows_its_usage_and_keeps_its_version_option() {
    assertThat(run("config", "get", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: noops config get")
        .contains("--version");
  }

  @Test
  void every_command_answers_help() {
    for (String[] command :
        new String[][] {
          {"ship"},
          {"metrics"},
          {"subscribe"},
          {"local"},
          {"config"},
          {"config", "get"},
          {"config", "put"},
          {"config", "delete"},
          {"config", "list"},
          {"config", "history"}
        }) {
      out.reset();
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(run(args)).as(String.join(" ", args)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("Usage: noops " + String.join(" ", command));
    }
  }

  @Test
  void help_walks_down_to_the_subcommand_named() {
    assertThat(run("help", "config", "get")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: noops config get");
    out.reset();
    assertThat(run("help", "ship")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: noops ship");
  }

  @Test
  void help_for_an_unknown_subcommand_exits_2() {
    assertThat(run("help", "config", "frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown subcommand 'frobnicate'");
  }

  @Test
  void a_command_named_first_gets_a_command_line_of_its_own_with_the_same_usage() {
    String[] args = {"ship", "--help"};
    CommandLine only = Noops.newCommandLine(args);
    assertThat(only.getSubcommands()).containsOnlyKeys("ship");
    ByteArrayOutputStream alone = new ByteArrayOutputStream();
    only.setOut(new PrintWriter(alone, true, StandardCharsets.UTF_8));
    assertThat(only.execute(args)).isZero();
    assertThat(run(args)).isZero();
    assertThat(alone.toString(StandardCharsets.UTF_8))
        .contains("Usage: noops ship")
        .isEqualTo(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void help_a_mistyped_name_and_options_get_every_command() {
    for (String[] args :
        new String[][] {{"help", "ship"}, {"shp"}, {"--help"}, {"-V"}, {}, {"Ship"}}) {
      assertThat(Noops.newCommandLine(args).getSubcommands())
          .as(String.join(" ", args))
          .containsOnlyKeys("help", "local", "config", "ship", "replay", "metrics", "subscribe");
    }
  }
}
