package dev.noops.bench.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.ScriptedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold start of each function: its Lambda jar ({@code <module>/target/noops-<module>-lambda.jar})
 * unpacked the way {@code sam build} lays it out (the Makefile's build targets), then per run a fresh
 * JVM with the template's {@code JAVA_TOOL_OPTIONS} that constructs the handler and serves the first
 * event ({@link LambdaRunner}) against local servers: a {@link ScriptedCluster} for the shipper,
 * {@link AwsWireMock} (CloudWatch Logs) for the subscriber, the Dynoxide DynamoDB emulator for the
 * config API. Whole-process wall time; one unmeasured run first (page cache, and the config API's
 * seeding PUT), then {@code runs} measured runs, then one run with {@code -Xlog:class+load} to count classes.
 *
 * <p>Usage: {@code ColdStart <rows.jsonl> <work-dir> <repo-root> <runs> <command>}
 */
public final class ColdStart {
  static final String TEMPLATE_JVM_FLAGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
  private static final String TABLE = "noops-config";

  /** One function: where its artifact is, its handler, its first event and what its answer must hold. */
  record Function(String name, String module, String handler, Path warmUpEvent, Path event, String expected,
      Map<String, String> env) {
    /** The seeding warm-up (the config API's PUT) answers 200 or 201; the others answer like the measured event. */
    String warmUpExpected() {
      return warmUpEvent.equals(event) ? expected : "\"statusCode\":20";
    }
  }

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Path rows = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    Path repo = Path.of(args[2]).toAbsolutePath();
    int runs = Integer.parseInt(args[3]);
    String command = args[4];
    Path runner = runnerClasses(work.resolve("runner"));
    try (ScriptedCluster cluster = ScriptedCluster.acknowledging().listen();
        AwsWireMock aws = AwsWireMock.start();
        DynamoDbEmulator dynamo = DynamoDbEmulator.inMemory()) {
      stubCloudWatchLogs(aws);
      createConfigTable(dynamo);
      Map<String, String> common = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "bench",
          "AWS_SECRET_ACCESS_KEY", "bench", "AWS_LAMBDA_FUNCTION_NAME", "noops-bench",
          "JAVA_TOOL_OPTIONS", TEMPLATE_JVM_FLAGS);
      List<Function> functions = List.of(
          new Function("ShipperFunction", "logs-to-elk", "dev.noops.logs.ShipperHandler",
              repo.resolve("events/shipper-awslogs.json"), repo.resolve("events/shipper-awslogs.json"), "\"events\":",
              with(common, "ES_ENDPOINT", cluster.endpoint().toString())),
          new Function("SubscriberFunction", "subscribe-log-group", "dev.noops.subscribe.SubscribeHandler",
              repo.resolve("events/subscriber-create-log-group.json"), repo.resolve("events/subscriber-create-log-group.json"),
              "subscribed 1,", with(with(common, "AWS_ENDPOINT_URL", aws.endpoint().toString()),
                  "DESTINATION_ARN", "arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper")),
          new Function("ConfigFunction", "config-api", "dev.noops.configapi.ConfigApiHandler",
              repo.resolve("events/config-api-put.json"), repo.resolve("events/config-api-get.json"),
              "\"statusCode\":200", with(with(with(common, "AWS_ENDPOINT_URL", dynamo.endpoint().toString()),
                  "NOOPS_CONFIG_TABLE", TABLE), "NOOPS_CONFIG_KMS_KEY_ID", "alias/noops-bench")));
      for (Function function : functions) {
        Row.append(rows, measure(function, repo, work, runner, runs, command));
      }
    }
  }

  private static List<Row> measure(Function function, Path repo, Path work, Path runner, int runs, String command)
      throws Exception {
    String wall = "cold start " + function.name() + " (" + function.handler().substring(function.handler().lastIndexOf('.') + 1)
        + "): process start to first answer";
    String classes = "cold start " + function.name() + ": classes loaded";
    String size = "artifact " + function.name() + ": Lambda jar size";
    Optional<Path> jar = lambdaJar(repo.resolve(function.module()).resolve("target"), function.module());
    if (jar.isEmpty()) {
      String why = "no " + function.module() + "/target/noops-" + function.module() + "-lambda.jar";
      return List.of(Row.missing(wall, "ms", why, command), Row.missing(classes, "classes", why, command),
          Row.missing(size, "MB", why, command));
    }
    Path task = unpack(jar.get(), work.resolve(function.name()).resolve("task"));
    String classpath = Children.classpath(task, runner);
    Path log = work.resolve(function.name() + ".log");
    Files.deleteIfExists(log);
    List<Row> result = new ArrayList<>();
    String flags = "JAVA_TOOL_OPTIONS=" + TEMPLATE_JVM_FLAGS;
    Children.Outcome warmUp = serve(function, function.warmUpEvent(), function.warmUpExpected(), classpath, List.of(), log);
    if (!warmUp.ok()) {
      String why = "the first run failed (exit " + warmUp.exitCode() + "), see " + log;
      result.add(Row.missing(wall, "ms", why, command));
      result.add(Row.missing(classes, "classes", why, command));
    } else {
      List<Double> millis = new ArrayList<>();
      int failed = 0;
      for (int i = 0; i < runs; i++) {
        Children.Outcome outcome = serve(function, function.event(), function.expected(), classpath, List.of(), log);
        if (outcome.ok()) {
          millis.add(outcome.wallNanos() / 1e6);
        } else {
          failed++;
        }
      }
      String event = repo.relativize(function.event()).toString();
      String note = flags + "; first event " + event + (failed > 0 ? "; " + failed + " runs failed, see " + log : "");
      result.add(Row.of(wall, "ms", millis, true, note, command));
      Path classLog = work.resolve(function.name() + "-classes.log");
      Files.deleteIfExists(classLog);
      Children.Outcome counted = serve(function, function.event(), function.expected(), classpath,
          List.of("-Xlog:class+load=info:file=" + classLog), log);
      if (counted.ok()) {
        long total;
        long fromArtifact;
        try (Stream<String> lines = Files.lines(classLog)) {
          List<String> all = lines.toList();
          total = all.size();
          fromArtifact = all.stream().filter(line -> line.contains("source: file:")).count();
        }
        result.add(new Row(classes, "classes", (double) total, null, 1, null, null,
            fromArtifact + " of them from the function artifact, the rest from the JDK (-Xlog:class+load)", command));
      } else {
        result.add(Row.missing(classes, "classes", "the counting run failed, see " + log, command));
      }
    }
    result.add(new Row(size, "MB", Files.size(jar.get()) / 1e6, null, 1, null, null,
        String.format("%s; %.1f MB unpacked", repo.relativize(jar.get()), directorySize(task) / 1e6), command));
    return result;
  }

  private static Children.Outcome serve(Function function, Path event, String expected, String classpath,
      List<String> jvmArgs, Path log) throws Exception {
    return Children.run(jvmArgs, classpath, LambdaRunner.class.getName(),
        List.of(function.handler(), event.toString(), expected), function.env(), log, 120);
  }

  static Optional<Path> lambdaJar(Path target, String module) throws IOException {
    Path named = target.resolve("noops-" + module + "-lambda.jar");
    if (Files.exists(named)) {
      return Optional.of(named);
    }
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().endsWith("-lambda.jar")).findFirst();
    }
  }

  /** Unzips like {@code jar xf} in the Makefile, without META-INF/maven (the Makefile deletes it too). */
  static Path unpack(Path jar, Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir) || entry.getName().startsWith("META-INF/maven")) {
          continue;
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return dir;
  }

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  /** A folder holding only the runner's classes, so the child's classpath is the artifact plus the runner. */
  private static Path runnerClasses(Path dir) throws IOException {
    for (Class<?> type : List.of(LambdaRunner.class, LambdaRunner.RunnerContext.class, LambdaRunner.RunnerLogger.class)) {
      String resource = type.getName().replace('.', '/') + ".class";
      Path target = dir.resolve(resource);
      Files.createDirectories(target.getParent());
      try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(resource)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }


  /** CloudWatch Logs answers for a new group: it exists, has no filters and no tags; every write succeeds. */
  private static void stubCloudWatchLogs(AwsWireMock aws) {
    aws.server().stubFor(post(urlEqualTo("/")).atPriority(100).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
    aws.stubJson(AwsWireMock.LOGS + ".DescribeLogGroups", AwsWireMock.Reply.ok(Map.of("logGroups", List.of(Map.of(
        "logGroupName", "/aws/lambda/orders-api",
        "arn", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-api:*",
        "logGroupArn", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-api",
        "creationTime", 1_764_064_800_000L, "storedBytes", 0)))));
    aws.stubJson(AwsWireMock.LOGS + ".DescribeSubscriptionFilters", AwsWireMock.Reply.ok(Map.of("subscriptionFilters", List.of())));
    aws.stubJson(AwsWireMock.LOGS + ".ListTagsForResource", AwsWireMock.Reply.ok(Map.of("tags", Map.of())));
  }

  private static void createConfigTable(DynamoDbEmulator emulator) {
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      dev.noops.configapi.LocalTable.createIfAbsent(client, TABLE);
    }
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, value);
    return Map.copyOf(copy);
  }
}
