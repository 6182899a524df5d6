package dev.noops.cli;

import dev.noops.logs.BudgetExhaustedException;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import dev.noops.logs.ShipperException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code noops ship}: the log shipper from a terminal. {@code --dry-run} prints the exact {@code
 * _bulk} NDJSON; {@code --es URL} ships it. Each FILE is a CloudWatch Logs subscription event, a
 * Kinesis event carrying them, or a decoded payload (detected).
 */
@Command(
    name = "ship",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Parse CloudWatch Logs subscription data into Elasticsearch/OpenSearch documents.",
      "Exit codes: 0 ok; 1 some events were dead-lettered or not delivered; 2 bad usage or"
          + " unreadable input."
    })
final class ShipCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int SOME_FAILED = 1;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--dry-run",
        required = true,
        description = "Print the _bulk NDJSON (action line + document line per event) to stdout.")
    boolean dryRun;

    @Option(
        names = "--es",
        required = true,
        paramLabel = "URL",
        description = "Ship to this Elasticsearch/OpenSearch endpoint.")
    URI endpoint;
  }

  @Option(
      names = "--index-prefix",
      paramLabel = "PREFIX",
      defaultValue = "logs-lambda",
      description = "Daily indices <prefix>-yyyy.MM.dd (default: ${DEFAULT-VALUE}).")
  String indexPrefix;

  @Option(
      names = "--data-stream",
      description = "Write to the data stream named by the prefix (create; 409 = already indexed).")
  boolean dataStream;

  @Option(
      names = "--user",
      paramLabel = "USER",
      description = "Basic auth user; the password comes from --password or ES_PASSWORD.")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      interactive = true,
      arity = "0..1",
      description = "Basic auth password (prompted when given without a value).")
  char[] password;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "Elastic API key (encoded form); else ES_API_KEY.")
  String apiKey;

  @Option(
      names = "--aws-sigv4",
      paramLabel = "SERVICE",
      description = "Sign with AWS SigV4 for 'es' (OpenSearch Service) or 'aoss' (Serverless).")
  String awsService;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (signing, cloud.region); default AWS_REGION.")
  String region;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Time budget per file (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--json-mapping",
      paramLabel = "MAPPING",
      defaultValue = "auto",
      description =
          "How application JSON is mapped: auto (ask the cluster; a dry run shows key_value, which"
              + " adds json_kv), flat_object, flattened or key_value (default: ${DEFAULT-VALUE}).")
  String jsonMapping;

  @Option(
      names = "--filter-include",
      paramLabel = "REGEX",
      defaultValue = "${env:FILTER_INCLUDE}",
      description =
          "Ship only application lines whose message contains REGEX (default: FILTER_INCLUDE).")
  String filterInclude;

  @Option(
      names = "--filter-exclude",
      paramLabel = "REGEX",
      defaultValue = "${env:FILTER_EXCLUDE}",
      description =
          "Drop application lines whose message contains REGEX (default: FILTER_EXCLUDE).")
  String filterExclude;

  @Option(
      names = "--min-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:FILTER_MIN_LEVEL}",
      description =
          "Drop application lines below LEVEL: TRACE, DEBUG, INFO, WARN, ERROR, FATAL (default:"
              + " FILTER_MIN_LEVEL).")
  String minLevel;

  @Option(
      names = "--redact",
      paramLabel = "RULES",
      defaultValue = "${env:REDACT_RULES}",
      description =
          "Redact with rules email,card,aws_key,jwt,bearer or all (default: REDACT_RULES).")
  String redact;

  @Option(
      names = "--redact-pattern",
      paramLabel = "REGEX",
      defaultValue = "${env:REDACT_PATTERN}",
      description = "Also redact what REGEX matches (default: REDACT_PATTERN).")
  String redactPattern;

  @Option(
      names = "--index-routes",
      paramLabel = "RULES",
      defaultValue = "${env:INDEX_ROUTES}",
      description = "Route log groups: <glob>=<prefix>;... (default: INDEX_ROUTES).")
  String indexRoutes;

  @Option(
      names = "--index-tag-routes",
      paramLabel = "RULES",
      defaultValue = "${env:INDEX_TAG_ROUTES}",
      description =
          "Route log groups by tag: <tag key>=<value glob>=<prefix>;... (default:"
              + " INDEX_TAG_ROUTES). Looks the tags up with ListTags/ListTagsForResource (AWS"
              + " credentials and region from the default chain), a dry run too.")
  String indexTagRoutes;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "awslogs envelope, Kinesis event or decoded payload.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    for (Path file : files) { // every name is checked before any output, so a typo costs nothing
      if (!Files.exists(file)) {
        return usage(err, file, "no such file");
      }
      if (Files.isDirectory(file)) {
        return usage(err, file, "is a directory, not a file");
      }
      if (!Files.isReadable(file)) {
        return usage(err, file, "permission denied");
      }
    }
    Shipper shipper;
    try {
      shipper = Shipper.create(config(), MetricLineListener.NONE);
    } catch (ShipperException | IllegalArgumentException e) {
      err.println("noops ship: " + e.getMessage());
      return Noops.USAGE;
    }
    if (!target.dryRun) {
      Optional<String> unreachable = ClusterProbe.unreachable(target.endpoint);
      if (unreachable.isPresent()) {
        err.println(
            "noops ship: cannot reach "
                + target.endpoint
                + ": "
                + unreachable.get()
                + ". Nothing was shipped. Check that the cluster is running and that --es names"
                + " it.");
        err.flush();
        return SOME_FAILED;
      }
    }
    return target.dryRun ? dryRun(shipper, err) : ship(shipper, err);
  }

  /**
   * One pass per file, output written as it is produced (bounded memory whatever the input expands
   * to). The first file that is not CloudWatch Logs data stops the run: what was printed before it
   * stays printed.
   */
  private int dryRun(Shipper shipper, PrintWriter err) {
    OutputStream out = NdjsonOut.to(spec.commandLine().getOut());
    try {
      for (Path file : files) {
        byte[] input = read(file);
        List<String> invalid = shipper.render(input, out);
        out.flush();
        if (!invalid.isEmpty()) {
          return usage(err, file, InputProblems.NOT_CLOUDWATCH_DATA + invalid.get(0));
        }
      }
    } catch (IOException e) {
      return usage(
          err, Path.of("-"), "cannot write the output (" + e.getClass().getSimpleName() + ")");
    } catch (UncheckedIOException e) {
      return usage(
          err,
          Path.of("-"),
          "cannot write the output (" + e.getCause().getClass().getSimpleName() + ")");
    } catch (UnreadableFile e) {
      return usage(err, e.file, e.getMessage());
    }
    err.println("noops ship --dry-run: " + shipper.drainRenderEffects());
    err.flush();
    return OK;
  }

  /**
   * One pass per file: decoded, parsed and delivered as it is read. Unreadable input is reported,
   * not dead-lettered, and stops the run (events already delivered stay; their ids make a rerun
   * overwrite them).
   */
  private int ship(Shipper shipper, PrintWriter err) {
    int exit = OK;
    for (Path file : files) {
      List<String> invalid = new ArrayList<>();
      try {
        ShipReport report =
            shipper.ship(read(file), Duration.ofSeconds(timeoutSeconds), invalid::add);
        if (!invalid.isEmpty()) {
          return usage(err, file, InputProblems.NOT_CLOUDWATCH_DATA + invalid.get(0));
        }
        err.printf(
            "%s: %d events, %d documents indexed, %d dead-lettered%n",
            file, report.events(), report.indexed(), report.deadLettered());
        if (!report.complete()) {
          exit = SOME_FAILED;
        }
      } catch (ShipperException e) {
        err.printf("%s: not delivered: %s%n", file, notDelivered(e));
        exit = SOME_FAILED;
      } catch (UnreadableFile e) {
        return usage(err, e.file, e.getMessage());
      }
    }
    err.flush();
    return exit;
  }

  /**
   * The file's bytes, or the reason in the words {@link InputProblems} gives ship and metrics
   * alike.
   */
  private static byte[] read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableFile(file, InputProblems.unreadable(file, e));
    }
    Optional<String> problem = InputProblems.precheck(bytes);
    if (problem.isPresent()) {
      throw new UnreadableFile(file, problem.get());
    }
    return bytes;
  }

  /** A file that disappeared or became unreadable after the names were checked. */
  private static final class UnreadableFile extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    UnreadableFile(Path file, String reason) {
      super(reason, null, false, false);
      this.file = file;
    }
  }

  private ShipperConfig config() {
    String awsRegion = region != null ? region : System.getenv("AWS_REGION");
    ShipperConfig.Builder config =
        ShipperConfig.builder()
            .endpoint(target.dryRun ? URI.create("http://localhost:9200") : target.endpoint)
            .indexPrefix(indexPrefix)
            .dataStream(dataStream)
            .region(awsRegion)
            .safetyMargin(Duration.ZERO)
            .jsonMapping(jsonMapping)
            .filter(filterInclude, filterExclude, minLevel)
            .redact(redact, redactPattern)
            .indexRoutes(indexRoutes)
            .indexTagRoutes(indexTagRoutes);
    List<String> chosen = new ArrayList<>();
    if (user != null) {
      chosen.add("--user");
      String pw = password != null ? new String(password) : System.getenv("ES_PASSWORD");
      config.auth(ShipperConfig.Auth.BASIC).username(user).password(pw);
    }
    String key = apiKey;
    if (key == null && user == null && awsService == null && !target.dryRun) {
      key = System.getenv("ES_API_KEY");
    }
    if (key != null) {
      chosen.add("--api-key");
      config.auth(ShipperConfig.Auth.API_KEY).apiKey(key);
    }
    if (awsService != null) {
      chosen.add("--aws-sigv4");
      config.auth(ShipperConfig.Auth.AWS_SIGV4).awsService(awsService);
    }
    if (chosen.size() > 1) {
      throw new IllegalArgumentException("choose one of " + String.join(", ", chosen));
    }
    return config.build();
  }

  /**
   * The shipper's reason in a terminal's words: what happened and what to do, not what Lambda will
   * do.
   */
  private String notDelivered(ShipperException e) {
    if (e instanceof BudgetExhaustedException budget) {
      return budget.undelivered()
          + " documents not delivered to "
          + target.endpoint
          + " within --timeout "
          + timeoutSeconds
          + " s. Running the same command again is safe (documents keep their ids, none is"
          + " duplicated); raise --timeout for a slow cluster.";
    }
    return e.getMessage()
        .replaceAll("; failing the invocation so (it is retried|nothing is lost)$", "");
  }

  private static int usage(PrintWriter err, Path file, String reason) {
    return InputProblems.report(err, "ship", file, reason);
  }
}
