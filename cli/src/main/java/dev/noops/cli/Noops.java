package dev.noops.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code noops} command. Subcommands run the same code as the deployed functions, from a
 * terminal. Exit codes: 0 ok, 1 some work failed, 2 bad usage or unreadable input.
 */
@Command(
    name = "noops",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Serverless ops toolkit for AWS Lambda: log shipping, metrics from logs, correlation IDs,"
            + " central config.",
    usageHelpAutoWidth = true)
public final class Noops implements Runnable {
  /** Exit code for a bad command line or unreadable input. */
  static final int USAGE = 2;

  /** The commands' names, in the order the usage lists them. */
  private static final List<String> COMMANDS =
      List.of("help", "local", "config", "ship", "replay", "metrics", "subscribe");

  @Spec CommandSpec spec;

  /**
   * The process's stdout, as the command line's writer; {@link NdjsonOut} writes bytes to it
   * directly.
   */
  static final PrintWriter STDOUT =
      new PrintWriter(
          new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8),
          true);

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    int exit = newCommandLine(args).setOut(STDOUT).execute(args);
    STDOUT.flush();
    System.exit(exit);
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** Every command, as {@code --help}, {@code help} and a mistyped name need them. */
  static CommandLine newCommandLine() {
    return newCommandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when they start with a command's name, the root and that
   * command only. picocli builds a command's model by reflection when it is added, so naming the
   * others would load and reflect on classes this process never runs (≈ 15% of the CPU of a short
   * command, docs/performance.md). Anything else ({@code --help}, {@code help}, a mistyped name,
   * nothing) gets every command, so usage and suggestions list them all.
   */
  static CommandLine newCommandLine(String[] args) {
    CommandLine commandLine = new CommandLine(new Noops());
    String first = args.length > 0 ? args[0] : "";
    if (!first.equals("help") && COMMANDS.contains(first)) {
      commandLine.addSubcommand(command(first));
    } else {
      for (String name : COMMANDS) {
        commandLine.addSubcommand(command(name));
      }
    }
    // settings after the subcommands: picocli applies them to the commands present
    return commandLine
        .setExitCodeExceptionMapper(error -> USAGE)
        .setParameterExceptionHandler(Noops::usageError)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static Object command(String name) {
    return switch (name) {
      case "help" -> new HelpCommand();
      case "local" -> new LocalCommand();
      case "config" -> new ConfigCommand();
      case "ship" -> new ShipCommand();
      case "replay" -> new ReplayCommand();
      case "metrics" -> new MetricsCommand();
      case "subscribe" -> new SubscribeCommand();
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  // picocli prints only "Did you mean" when it has a suggestion; a bad command line always gets the
  // usage too
  private static int usageError(CommandLine.ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(error.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
    commandLine.usage(err, commandLine.getColorScheme());
    return USAGE;
  }

  /** Without a subcommand there is nothing to do: show the usage and fail like a bad command. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
