package dev.noops.cli;

import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ReplaySummary;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import dev.noops.logs.ShipperException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code noops replay}: re-ships what the shipper could not deliver once the cause is fixed, with
 * the original ids (replaying twice duplicates nothing): the dead-letter indices ({@code
 * --dead-letters}) or on-failure queue records saved to files (each FILE one record, the SQS
 * message body of Lambda's destination record, with the input under {@code requestPayload}).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Re-ship dead letters or on-failure queue records (same ids: replaying twice adds nothing).",
      "Exit codes: 0 all replayed; 1 some still refused; 2 bad usage or unreadable input."
    })
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--es",
      required = true,
      paramLabel = "URL",
      description = "The Elasticsearch/OpenSearch endpoint.")
  URI endpoint;

  @Option(
      names = "--index-prefix",
      paramLabel = "PREFIX",
      defaultValue = "logs-lambda",
      description = "Indices <prefix>-* (default: ${DEFAULT-VALUE}).")
  String indexPrefix;

  @Option(
      names = "--dead-letters",
      description = "Replay the documents of <prefix>-failed-* (deleted once indexed).")
  boolean deadLetters;

  @Option(names = "--dry-run", description = "Only count what would be replayed.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Time budget per page or record (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "On-failure queue records (SQS message bodies), one per file.")
  List<Path> records = List.of();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (deadLetters == !records.isEmpty()) {
      err.println("noops replay: give --dead-letters or queue record FILEs (not both)");
      return Noops.USAGE;
    }
    Shipper shipper;
    try {
      shipper =
          Shipper.create(
              ShipperConfig.builder()
                  .endpoint(endpoint)
                  .indexPrefix(indexPrefix)
                  .region(System.getenv("AWS_REGION"))
                  .safetyMargin(Duration.ZERO)
                  .build(),
              MetricLineListener.NONE);
    } catch (ShipperException e) {
      err.println("noops replay: " + e.getMessage());
      return Noops.USAGE;
    }
    try {
      return deadLetters ? deadLetters(shipper, err) : records(shipper, err);
    } finally {
      err.flush();
    }
  }

  private int deadLetters(Shipper shipper, PrintWriter err) {
    try {
      ReplaySummary summary =
          shipper.replayDeadLetters(
              dryRun,
              progress -> {
                err.printf(
                    "\r[%s] %d dead letters read, %d replayed",
                    dryRun ? "dry run" : "replay", progress.found(), progress.replayed());
                err.flush();
              },
              Duration.ofSeconds(timeoutSeconds));
      err.printf(
          "%n%s: %d found, %d replayed, %d refused again, %d skipped (no log group), %d letters"
              + " removed%n",
          dryRun ? "dry run" : "done",
          summary.found(),
          summary.replayed(),
          summary.failedAgain(),
          summary.skipped(),
          summary.removed());
      return summary.failedAgain() == 0 ? ShipCommand.OK : ShipCommand.SOME_FAILED;
    } catch (ShipperException e) {
      err.println("noops replay: " + e.getMessage());
      return ShipCommand.SOME_FAILED;
    }
  }

  private int records(Shipper shipper, PrintWriter err) {
    int exit = ShipCommand.OK;
    int done = 0;
    for (Path file : records) {
      byte[] record;
      try {
        record = Files.readAllBytes(file);
      } catch (IOException e) {
        err.println(
            "noops replay: " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        return Noops.USAGE;
      }
      done++;
      if (dryRun) {
        err.printf("[%d/%d] %s: would be replayed%n", done, records.size(), file);
        continue;
      }
      try {
        ShipReport report = shipper.replayQueueRecord(record, Duration.ofSeconds(timeoutSeconds));
        err.printf(
            "[%d/%d] %s: %d events, %d indexed, %d dead-lettered%n",
            done, records.size(), file, report.events(), report.indexed(), report.deadLettered());
        exit = report.complete() ? exit : ShipCommand.SOME_FAILED;
      } catch (ShipperException e) {
        err.printf("[%d/%d] %s: not replayed: %s%n", done, records.size(), file, e.getMessage());
        exit = ShipCommand.SOME_FAILED;
      }
    }
    err.printf("done: %d records%s%n", records.size(), dryRun ? " (dry run: nothing shipped)" : "");
    return exit;
  }
}
