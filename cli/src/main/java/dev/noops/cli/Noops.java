package dev.noops.cli;

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
    description = "Serverless ops toolkit for AWS Lambda: log shipping, metrics from logs, correlation IDs, central config.",
    subcommands = {CommandLine.HelpCommand.class, ShipCommand.class},
    usageHelpAutoWidth = true)
public final class Noops implements Runnable {
  /** Exit code for a bad command line or unreadable input. */
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    return new CommandLine(new Noops())
        .setExitCodeExceptionMapper(error -> USAGE)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Without a subcommand there is nothing to do: show the usage and fail like a bad command. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
