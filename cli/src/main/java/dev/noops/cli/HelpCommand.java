package dev.noops.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Parameters;

/**
 * {@code noops help [COMMAND...]}: the usage of the innermost command named, so {@code noops help
 * config get} shows {@code config get} (picocli's own help command stops at the first name).
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the usage of a command: noops help config get.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command (and subcommands) to describe.")
  List<String> names = List.of();

  private CommandLine self;
  private PrintWriter out;
  private ColorScheme colors;

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : names) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(
            self,
            "Unknown subcommand '"
                + name
                + "' of '"
                + target.getCommandSpec().qualifiedName()
                + "'",
            null,
            name);
      }
      target = sub;
    }
    target.usage(out, colors);
    out.flush();
  }
}
