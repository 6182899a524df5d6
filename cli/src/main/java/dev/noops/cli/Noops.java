package dev.noops.cli;

import java.io.PrintWriter;
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
    subcommands = {
      HelpCommand.class,
      LocalCommand.class,
      ConfigCommand.class,
      ShipCommand.class,
      ReplayCommand.class,
      MetricsCommand.class,
      SubscribeCommand.class
    },
    usageHelpAutoWidth = true)
public final class Noops implements Runnable {
  /** Exit code for a bad command line or unreadable input. */
  static final int USAGE = 2;

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
    int exit = newCommandLine().setOut(STDOUT).execute(args);
    STDOUT.flush();
    System.exit(exit);
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    return new CommandLine(new Noops())
        .setExitCodeExceptionMapper(error -> USAGE)
        .setParameterExceptionHandler(Noops::usageError)
        .setCaseInsensitiveEnumValuesAllowed(true);
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
