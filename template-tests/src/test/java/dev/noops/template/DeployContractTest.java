package dev.noops.template;

import static dev.noops.template.Resolved.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What CloudFormation and IAM would refuse, or what would deploy but not work, checked on the SAM
 * transform's output for every supported parameter combination (TransformedTemplates#modes).
 */
@SuppressWarnings("unchecked")
class DeployContractTest {
  private static final CfnRules RULES =
      new CfnRules(
          Template.load(Path.of("..").toAbsolutePath().normalize().resolve("template.yaml")));
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12}|aws)?:[^*\\s]\\S*");

  /** Actions AWS offers no resource-level permission for: the only ones allowed on Resource "*". */
  // account policies belong to the account, not to a log group: their actions take no resource ARN
  private static final Set<String> NO_RESOURCE_SCOPE =
      Set.of(
          "logs:DescribeLogGroups",
          "cloudwatch:PutMetricData",
          "logs:DescribeAccountPolicies",
          "logs:PutAccountPolicy",
          "logs:DeleteAccountPolicy");

  private static final String VPC_ACCESS =
      "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

  private static Resolved stack(String mode) {
    return new Resolved(
        TransformedTemplates.template(mode),
        RULES.withDefaults(TransformedTemplates.parameters(mode)));
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void no_policy_is_empty_and_every_resource_is_an_arn(String mode) {
    Resolved stack = stack(mode);
    List<String> problems = new ArrayList<>();
    documents(stack)
        .forEach(
            (where, document) -> {
              List<Object> statements = (List<Object>) document.get("Statement");
              if (statements == null || statements.isEmpty()) {
                problems.add(where + ": empty Statement");
                return;
              }
              for (Object raw : statements) {
                Map<String, Object> statement = (Map<String, Object>) raw;
                for (Object resource : list(statement.get("Resource"))) {
                  String text = stack.text(resource);
                  boolean star =
                      text.equals("*")
                          && NO_RESOURCE_SCOPE.containsAll(strings(statement.get("Action")));
                  if (!star && !ARN.matcher(text).matches()) {
                    problems.add(
                        where
                            + " "
                            + statement.get("Sid")
                            + ": Resource '"
                            + text
                            + "' is not an ARN");
                  }
                }
              }
            });
    assertThat(problems).as(mode).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void credentials_are_read_at_run_time_from_exactly_the_given_secret(String mode) {
    Resolved stack = stack(mode);
    Map<String, String> parameters = RULES.withDefaults(TransformedTemplates.parameters(mode));
    boolean secretAuth = Set.of("basic", "api-key").contains(parameters.get("ElasticsearchAuth"));
    stack
        .ofType("AWS::Lambda::Function")
        .forEach(
            (name, function) ->
                assertThat(String.valueOf(properties(function).get("Environment")))
                    .as(name)
                    .doesNotContain("{{resolve:"));
    Map<String, Object> shipperEnvironment = environment(stack, "ShipperFunction");
    List<Map<String, Object>> reads = statementsWith(stack, "secretsmanager:GetSecretValue");
    if (secretAuth) {
      assertThat(stack.text(shipperEnvironment.get("ES_SECRET_ARN")))
          .isEqualTo(parameters.get("ElasticsearchSecretArn"));
      assertThat(reads)
          .singleElement()
          .satisfies(
              read ->
                  assertThat(stack.text(read.get("Resource")))
                      .isEqualTo(parameters.get("ElasticsearchSecretArn")));
    } else {
      assertThat(shipperEnvironment).doesNotContainKey("ES_SECRET_ARN");
      assertThat(reads).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void network_interface_permissions_exist_only_with_a_vpc_and_concurrency_is_reserved(
      String mode) {
    Resolved stack = stack(mode);
    boolean vpc =
        !RULES
            .withDefaults(TransformedTemplates.parameters(mode))
            .get("ShipperSubnetIds")
            .isEmpty();
    Map<String, Object> shipper = properties(stack.resources.get("ShipperFunction"));
    assertThat(shipper.containsKey("VpcConfig")).as("shipper VpcConfig").isEqualTo(vpc);
    stack
        .ofType("AWS::IAM::Role")
        .forEach(
            (name, role) -> {
              List<String> managed =
                  list(properties(role).get("ManagedPolicyArns")).stream()
                      .map(stack::text)
                      .toList();
              assertThat(managed.contains(VPC_ACCESS))
                  .as("%s has VPC access", name)
                  .isEqualTo(vpc && name.equals("ShipperRole"));
            });
    String reserved =
        RULES.withDefaults(TransformedTemplates.parameters(mode)).get("ShipperReservedConcurrency");
    assertThat(
            shipper.get("ReservedConcurrentExecutions") == null
                ? ""
                : stack.text(shipper.get("ReservedConcurrentExecutions")))
        .isEqualTo(reserved);
    assertThat(
            properties(stack.resources.get("SubscriberFunction"))
                .get("ReservedConcurrentExecutions"))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void published_metrics_fit_the_namespace_condition(String mode) throws Exception {
    Resolved stack = stack(mode);
    Map<String, String> parameters = RULES.withDefaults(TransformedTemplates.parameters(mode));
    List<Map<String, Object>> puts = statementsWith(stack, "cloudwatch:PutMetricData");
    if (parameters.get("MetricsMode").equals("emf")) {
      assertThat(puts).isEmpty();
      return;
    }
    Field lambdaNamespace =
        Class.forName("dev.noops.metrics.MetricsInvocation").getDeclaredField("LAMBDA_NAMESPACE");
    lambdaNamespace.setAccessible(true);
    assertThat(puts)
        .singleElement()
        .satisfies(
            put -> {
              Map<String, Object> equals =
                  (Map<String, Object>)
                      ((Map<String, Object>) put.get("Condition")).get("StringEquals");
              assertThat(
                      list(equals.get("cloudwatch:namespace")).stream().map(stack::text).toList())
                  .containsExactlyInAnyOrder(
                      parameters.get("MetricsNamespace"), (String) lambdaNamespace.get(null));
            });
  }

  @Test
  void every_function_runs_a_snapstart_version_behind_an_alias_and_logs_to_its_own_group() {
    Resolved stack = stack("defaults");
    Map<String, Map<String, Object>> functions = stack.ofType("AWS::Lambda::Function");
    assertThat(functions).hasSize(3);
    functions.forEach(
        (name, function) -> {
          Map<String, Object> p = properties(function);
          assertThat(p)
              .as(name)
              .doesNotContainKey("FunctionName"); // CloudFormation names it: any stack name fits
          assertThat(p.get("SnapStart")).as(name).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
          String group =
              (String)
                  ((Map<String, Object>)
                          ((Map<String, Object>) p.get("LoggingConfig")).get("LogGroup"))
                      .get("Ref");
          assertThat(stack.resources.get(group).get("Type"))
              .as(name)
              .isEqualTo("AWS::Logs::LogGroup");
          assertThat((Integer) properties(stack.resources.get(group)).get("RetentionInDays"))
              .isPositive();
          assertThat(stack.ofType("AWS::Lambda::Alias").values())
              .as(name + " alias")
              .anySatisfy(
                  alias ->
                      assertThat(properties(alias).get("FunctionName"))
                          .isEqualTo(Map.of("Ref", name)));
        });
  }

  @Test
  void every_invoker_calls_an_alias_never_latest() {
    Resolved stack = stack("defaults");
    Set<String> aliases = stack.ofType("AWS::Lambda::Alias").keySet();
    stack
        .ofType("AWS::Lambda::Permission")
        .forEach(
            (name, permission) ->
                assertThat(aliases)
                    .as(name)
                    .contains(ref(properties(permission).get("FunctionName"))));
    stack
        .ofType("AWS::Events::Rule")
        .forEach(
            (name, rule) -> {
              for (Object target : (List<Object>) properties(rule).get("Targets")) {
                Map<String, Object> t = (Map<String, Object>) target;
                assertThat(aliases).as(name).contains(ref(t.get("Arn")));
                assertThat(t)
                    .as(name + " keeps undelivered events")
                    .containsKey("DeadLetterConfig");
              }
            });
    stack
        .ofType("AWS::Lambda::EventInvokeConfig")
        .forEach(
            (name, config) -> {
              assertThat(properties(config)).as(name).containsEntry("Qualifier", "live");
              assertThat(properties(config).toString()).as(name).contains("OnFailure");
            });
    assertThat(stack.ofType("AWS::Lambda::EventInvokeConfig"))
        .containsKeys("ShipperFunctionEventInvokeConfig", "SubscriberFunctionEventInvokeConfig");
    assertThat(aliases)
        .contains(ref(environment(stack, "SubscriberFunction").get("DESTINATION_ARN")));
    Map<String, Object> backfill = properties(stack.resources.get("Backfill"));
    assertThat(aliases)
        .contains(ref(backfill.get("ServiceToken")), ref(backfill.get("DestinationArn")));
    String api = properties(stack.resources.get("ConfigApi")).get("Body").toString();
    assertThat(api)
        .contains("${ConfigFunctionAliaslive}")
        .doesNotContain("${ConfigFunction.Arn}")
        .doesNotContain("credentials"); // InvokeRole NONE: no caller-credentials integration role
  }

  @Test
  void the_api_has_exactly_its_v1_stage() {
    Map<String, Map<String, Object>> stages = stack("defaults").ofType("AWS::ApiGateway::Stage");
    assertThat(stages.values())
        .singleElement()
        .satisfies(stage -> assertThat(properties(stage)).containsEntry("StageName", "v1"));
  }

  @Test
  void cloudwatch_alarms_may_publish_to_the_encrypted_alert_topic() {
    Resolved stack = stack("defaults");
    Object key = properties(stack.resources.get("AlertTopic")).get("KmsMasterKeyId");
    String keyName = ref(key);
    assertThat(stack.resources)
        .as(
            "the alert topic's key %s must be a key of this stack (an AWS managed key's policy"
                + " cannot let CloudWatch use it)",
            key)
        .containsKey(keyName);
    assertThat(stack.resources.get(keyName).get("Type")).isEqualTo("AWS::KMS::Key");
    List<Map<String, Object>> statements =
        (List<Map<String, Object>>)
            ((Map<String, Object>) properties(stack.resources.get(keyName)).get("KeyPolicy"))
                .get("Statement");
    assertThat(statements)
        .anySatisfy(
            statement -> {
              assertThat(statement.get("Effect")).isEqualTo("Allow");
              assertThat(statement.get("Principal"))
                  .isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
              assertThat(strings(statement.get("Action")))
                  .contains("kms:Decrypt", "kms:GenerateDataKey*");
              assertThat(statement).doesNotContainKey("Condition");
            });
    stack
        .ofType("AWS::CloudWatch::Alarm")
        .forEach(
            (name, alarm) ->
                assertThat(properties(alarm).get("AlarmActions"))
                    .as(name)
                    .isEqualTo(List.of(Map.of("Ref", "AlertTopic"))));
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void the_failure_queue_drain_is_off_unless_enabled_and_reads_only_that_queue(String mode) {
    Resolved stack = stack(mode);
    Map<String, String> parameters = RULES.withDefaults(TransformedTemplates.parameters(mode));
    String queue = stack.text(Map.of("Fn::GetAtt", List.of("ShipperDeadLetterQueue", "Arn")));
    Map<String, Object> drain =
        properties(stack.ofType("AWS::Lambda::EventSourceMapping").get("ShipperFailureQueueDrain"));

    assertThat(stack.text(drain.get("EventSourceArn"))).isEqualTo(queue);
    assertThat(ref(drain.get("FunctionName")))
        .as("the live alias")
        .startsWith("ShipperFunctionAlias");
    assertThat(drain.get("Enabled")).isEqualTo(parameters.get("DrainFailureQueue").equals("true"));
    assertThat(list(drain.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
    assertThat((Integer) drain.get("BatchSize")).isBetween(1, 10);
    assertThat((Integer) drain.get("MaximumBatchingWindowInSeconds")).isBetween(0, 20);
    int timeout = (Integer) properties(stack.resources.get("ShipperFunction")).get("Timeout");
    assertThat(
            (Integer)
                properties(stack.resources.get("ShipperDeadLetterQueue")).get("VisibilityTimeout"))
        .as("SQS refuses a mapping whose queue hides messages for less than the function's timeout")
        .isGreaterThanOrEqualTo(6 * timeout);
    assertThat(statementsWith(stack, "sqs:ReceiveMessage"))
        .singleElement()
        .satisfies(
            read -> {
              assertThat(strings(read.get("Action")))
                  .containsExactlyInAnyOrder(
                      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
              assertThat(list(read.get("Resource")).stream().map(stack::text).toList())
                  .containsExactly(queue);
            });
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void tags_are_readable_exactly_when_labels_or_tag_routes_need_them(String mode) {
    Resolved stack = stack(mode);
    Map<String, String> parameters = RULES.withDefaults(TransformedTemplates.parameters(mode));
    boolean needed =
        parameters.get("EnrichTags").equals("true") || !parameters.get("IndexTagRoutes").isEmpty();
    assertThat(statementsWith(stack, "lambda:ListTags")).hasSize(needed ? 1 : 0);
    assertThat(stack.text(environment(stack, "ShipperFunction").get("INDEX_TAG_ROUTES")))
        .isEqualTo(parameters.get("IndexTagRoutes"));
  }

  @Test
  void the_config_key_outlives_the_stack_like_the_table_it_encrypts() {
    Resolved stack = stack("defaults");
    for (String name : List.of("ConfigKey", "ConfigKeyAlias", "ConfigTable")) {
      assertThat(stack.resources.get(name))
          .as(name)
          .containsEntry("DeletionPolicy", "Retain")
          .containsEntry("UpdateReplacePolicy", "Retain");
    }
  }

  @Test
  void
      the_config_function_may_use_its_key_through_dynamodb_and_encrypt_only_with_a_noops_context() {
    Resolved stack = stack("defaults");
    Map<String, Object> role = stack.resources.get("ConfigFunctionRole");
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : (List<Object>) properties(role).get("Policies")) {
      statements.addAll(
          (List<Map<String, Object>>)
              ((Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument"))
                  .get("Statement"));
    }
    assertThat(statements)
        .anySatisfy(
            s -> {
              assertThat(strings(s.get("Action")))
                  .containsExactlyInAnyOrder(
                      "kms:Encrypt",
                      "kms:Decrypt",
                      "kms:ReEncrypt*",
                      "kms:GenerateDataKey*",
                      "kms:DescribeKey",
                      "kms:CreateGrant");
              Map<String, Object> equals =
                  (Map<String, Object>)
                      ((Map<String, Object>) s.get("Condition")).get("StringEquals");
              assertThat(stack.text(equals.get("kms:ViaService")))
                  .isEqualTo("dynamodb." + Resolved.REGION + ".amazonaws.com");
            });
    assertThat(statements)
        .anySatisfy(
            s -> {
              assertThat(s.get("Action")).isEqualTo("kms:Encrypt");
              Map<String, Object> condition = (Map<String, Object>) s.get("Condition");
              assertThat(condition.get("Null"))
                  .isEqualTo(Map.of("kms:EncryptionContext:noops:key", "false"));
              assertThat(condition).containsKey("ForAllValues:StringEquals");
            });
  }

  @Test
  void metric_math_fills_absent_series_with_zero() {
    Pattern id = Pattern.compile("\\b([a-z][a-zA-Z0-9_]*)\\b");
    stack("defaults")
        .ofType("AWS::CloudWatch::Alarm")
        .forEach(
            (name, alarm) -> {
              List<Map<String, Object>> metrics =
                  (List<Map<String, Object>>) properties(alarm).get("Metrics");
              if (metrics == null) {
                return;
              }
              Set<String> series =
                  Set.copyOf(
                      metrics.stream()
                          .filter(m -> m.containsKey("MetricStat"))
                          .map(m -> (String) m.get("Id"))
                          .toList());
              metrics.stream()
                  .filter(m -> m.containsKey("Expression"))
                  .forEach(
                      m -> {
                        String expression = (String) m.get("Expression");
                        Matcher ids = id.matcher(expression.replaceAll("FILL\\(\\w+, *0\\)", ""));
                        while (ids.find()) {
                          assertThat(series)
                              .as(
                                  "%s: %s is used outside FILL(x, 0) in %s",
                                  name, ids.group(1), expression)
                              .doesNotContain(ids.group(1));
                        }
                      });
            });
  }

  // ------------------------------------------------------------------ helpers

  /** Every policy document of the stack, by where it is. */
  private static Map<String, Map<String, Object>> documents(Resolved stack) {
    Map<String, Map<String, Object>> documents = new java.util.LinkedHashMap<>();
    stack.resources.forEach(
        (name, resource) -> {
          Map<String, Object> p = properties(resource);
          switch ((String) resource.get("Type")) {
            case "AWS::IAM::Role" -> {
              for (Object policy : list(p.get("Policies"))) {
                Map<String, Object> named = (Map<String, Object>) policy;
                documents.put(
                    name + "/" + stack.text(named.get("PolicyName")),
                    (Map<String, Object>) named.get("PolicyDocument"));
              }
            }
            case "AWS::IAM::Policy",
                "AWS::IAM::ManagedPolicy",
                "AWS::SQS::QueuePolicy",
                "AWS::SNS::TopicPolicy" ->
                documents.put(name, (Map<String, Object>) p.get("PolicyDocument"));
            default -> {}
          }
        });
    return documents;
  }

  private static List<Map<String, Object>> statementsWith(Resolved stack, String action) {
    List<Map<String, Object>> matching = new ArrayList<>();
    documents(stack)
        .values()
        .forEach(
            document -> {
              for (Object statement : list(document.get("Statement"))) {
                if (strings(((Map<String, Object>) statement).get("Action")).contains(action)) {
                  matching.add((Map<String, Object>) statement);
                }
              }
            });
    return matching;
  }

  private static Map<String, Object> environment(Resolved stack, String function) {
    Map<String, Object> environment =
        (Map<String, Object>) properties(stack.resources.get(function)).get("Environment");
    return (Map<String, Object>) environment.get("Variables");
  }

  private static String ref(Object node) {
    return node instanceof Map<?, ?> map && map.get("Ref") instanceof String name
        ? name
        : String.valueOf(node);
  }

  private static List<Object> list(Object node) {
    if (node == null) {
      return List.of();
    }
    return node instanceof List<?> items ? (List<Object>) items : List.of(node);
  }

  private static List<String> strings(Object node) {
    return list(node).stream().map(String::valueOf).toList();
  }
}
