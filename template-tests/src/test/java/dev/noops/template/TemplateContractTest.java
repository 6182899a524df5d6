package dev.noops.template;

import static dev.noops.template.Template.alternatives;
import static dev.noops.template.Template.isNoValue;
import static dev.noops.template.Template.leaves;
import static dev.noops.template.Template.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.noops.template.Template.Intrinsic;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@SuppressWarnings("unchecked")
class TemplateContractTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Template TEMPLATE = Template.load(ROOT.resolve("template.yaml"));

  /** Each function and the modules whose code runs in it. */
  private static final Map<String, List<String>> FUNCTION_MODULES =
      Map.of(
          "ShipperFunction", List.of("logs-to-elk", "metrics-from-logs"),
          "SubscriberFunction", List.of("subscribe-log-group"),
          "ConfigFunction", List.of("config-api"));

  /** Resource "*" is allowed only for actions that have no resource-level permissions. */
  // account policies belong to the account, not to a log group: their actions take no resource ARN
  private static final Set<String> ACTIONS_WITHOUT_RESOURCE_SCOPE =
      Set.of(
          "logs:DescribeLogGroups",
          "cloudwatch:PutMetricData",
          "logs:DescribeAccountPolicies",
          "logs:PutAccountPolicy",
          "logs:DeleteAccountPolicy");

  /**
   * Statements that AWS services use on the function's behalf, not the function's code: Lambda
   * sends failed async events to the queue, and its event source mapping reads them back; DynamoDB
   * calls KMS for the table's customer managed key (the action list of AWS's key-policy example for
   * DynamoDB, wildcards included).
   */
  private static final Set<String> USED_BY_AWS_ON_THE_FUNCTIONS_BEHALF =
      Set.of("KeepFailedPayloads", "UseConfigKeyThroughDynamoDb", "DrainFailureQueue");

  /**
   * Variables the code reads that the deployed functions must NOT get: credentials given directly
   * (the template passes ES_SECRET_ARN instead) and the http:// escape hatch of local tests.
   */
  private static final Set<String> LOCAL_ONLY_VARIABLES =
      Set.of("ES_USERNAME", "ES_PASSWORD", "ES_API_KEY", "NOOPS_ES_ALLOW_HTTP");

  static List<Arguments> functions() {
    return FUNCTION_MODULES.keySet().stream().sorted().map(Arguments::of).toList();
  }

  @Test
  void declares_exactly_the_functions_whose_code_is_in_this_repository() {
    assertThat(TEMPLATE.resourcesOfType("AWS::Serverless::Function").keySet())
        .containsExactlyInAnyOrderElementsOf(FUNCTION_MODULES.keySet());
  }

  @ParameterizedTest
  @MethodSource("functions")
  void handler_class_exists_with_a_lambda_signature_and_a_no_arg_constructor(String function)
      throws Exception {
    String handler = (String) properties(TEMPLATE.resources().get(function)).get("Handler");
    String[] parts = handler.split("::", -1);
    Class<?> type = Class.forName(parts[0]);

    assertThat(
            RequestStreamHandler.class.isAssignableFrom(type)
                || RequestHandler.class.isAssignableFrom(type))
        .as("%s implements a Lambda handler interface", type)
        .isTrue();
    assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
    assertThat(type.getMethods()).extracting(m -> m.getName()).contains(parts[1]);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void sets_every_environment_variable_the_code_reads_and_none_that_it_does_not(String function) {
    Set<String> read = CodeFacts.environmentVariablesRead(moduleDirs(function));
    read.removeAll(LOCAL_ONLY_VARIABLES);
    Set<String> set = environment(function);
    set.remove("JAVA_TOOL_OPTIONS"); // read by the JVM, not by our code
    assertThat(set)
        .as("local-only variables set for %s", function)
        .doesNotContainAnyElementsOf(LOCAL_ONLY_VARIABLES);

    assertThat(set)
        .as("variables set by the template for %s", function)
        .containsExactlyInAnyOrderElementsOf(read);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void grants_every_aws_action_the_code_calls_and_nothing_broader(String function) {
    Set<String> called = CodeFacts.iamActionsCalled(moduleDirs(function));
    List<Map<?, ?>> statements = statements(function);
    Set<String> granted = new TreeSet<>();
    for (Map<?, ?> statement : statements) {
      List<String> actions = strings(statement.get("Action"));
      if (USED_BY_AWS_ON_THE_FUNCTIONS_BEHALF.contains(statement.get("Sid"))) {
        continue;
      }
      granted.addAll(actions);
      assertThat(actions)
          .as("no wildcard actions in %s", statement.get("Sid"))
          .noneMatch(a -> a.contains("*"));
      if (strings(statement.get("Resource")).contains("*")) {
        assertThat(ACTIONS_WITHOUT_RESOURCE_SCOPE)
            .as("Resource * only where AWS offers no resource scope: %s", statement.get("Sid"))
            .containsAll(actions);
      }
    }
    assertThat(granted).as("actions granted to %s", function).containsAll(called);
    assertThat(called)
        .as("granted actions of %s that its code calls", function)
        .containsAll(
            granted.stream().filter(a -> !a.startsWith("es:") && !a.startsWith("aoss:")).toList());
  }

  @Test
  void every_alarm_notifies_the_alert_topic() {
    TEMPLATE
        .resourcesOfType("AWS::CloudWatch::Alarm")
        .forEach(
            (name, alarm) ->
                assertThat((List<Object>) properties(alarm).get("AlarmActions"))
                    .as(name)
                    .containsExactly(new Intrinsic("Ref", "AlertTopic")));
  }

  @Test
  void every_parameter_is_documented_in_the_deploy_page() throws IOException {
    String deploy = Files.readString(ROOT.resolve("docs/deploy.md"));
    assertThat(TEMPLATE.parameters().keySet())
        .allSatisfy(name -> assertThat(deploy).contains("`" + name + "`"));
  }

  @Test
  void every_alarm_has_a_runbook_section() throws IOException {
    String operations = Files.readString(ROOT.resolve("docs/operations.md"));
    assertThat(TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm").keySet())
        .allSatisfy(alarm -> assertThat(operations).contains("## " + alarm + "\n"));
  }

  @ParameterizedTest
  @MethodSource("functions")
  void every_function_logs_to_its_own_group_with_retention_that_exists_before_snapstart_init(
      String function) {
    Map<?, ?> logging =
        (Map<?, ?>) properties(TEMPLATE.resources().get(function)).get("LoggingConfig");
    Intrinsic group = (Intrinsic) logging.get("LogGroup");
    assertThat(group.function()).isEqualTo("Ref");
    Map<String, Object> resource = TEMPLATE.resources().get((String) group.argument());
    assertThat(resource.get("Type")).isEqualTo("AWS::Logs::LogGroup");
    assertThat((Integer) properties(resource).get("RetentionInDays")).isPositive();
  }

  @Test
  void the_subscriber_never_subscribes_the_groups_the_functions_log_to() {
    Map<?, ?> variables =
        (Map<?, ?>)
            ((Map<?, ?>)
                    properties(TEMPLATE.resources().get("SubscriberFunction")).get("Environment"))
                .get("Variables");
    assertThat(variables.get("PROTECTED_LOG_GROUPS"))
        .isEqualTo(new Intrinsic("Sub", "${ShipperLogGroup},${SubscriberLogGroup}"));
  }

  @Test
  void the_shipper_sends_failed_invocations_to_an_encrypted_dead_letter_queue() {
    Map<?, ?> onFailure =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>)
                            properties(TEMPLATE.resources().get("ShipperFunction"))
                                .get("EventInvokeConfig"))
                        .get("DestinationConfig"))
                .get("OnFailure");
    assertThat(onFailure.get("Type")).isEqualTo("SQS");
    String queue =
        (String) ((List<?>) ((Intrinsic) onFailure.get("Destination")).argument()).get(0);
    assertThat(TEMPLATE.resources().get(queue).get("Type")).isEqualTo("AWS::SQS::Queue");
    assertThat(properties(TEMPLATE.resources().get(queue)))
        .containsEntry("SqsManagedSseEnabled", true);
  }

  @Test
  void logs_may_invoke_the_shipper_through_one_account_wide_permission() {
    Map<String, Map<String, Object>> permissions =
        TEMPLATE.resourcesOfType("AWS::Lambda::Permission");
    assertThat(permissions).hasSize(1);
    Map<String, Object> permission = properties(permissions.values().iterator().next());
    assertThat(permission)
        .containsEntry("Principal", "logs.amazonaws.com")
        .containsEntry("SourceAccount", new Intrinsic("Ref", "AWS::AccountId"));
    assertThat(((Intrinsic) permission.get("SourceArn")).argument().toString())
        .endsWith(":log-group:*");
  }

  @Test
  void the_config_table_is_retained_recoverable_and_encrypted_with_the_stack_key() {
    Map<String, Object> table = TEMPLATE.resources().get("ConfigTable");
    assertThat(table)
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
    Map<String, Object> properties = properties(table);
    assertThat(properties.get("PointInTimeRecoverySpecification"))
        .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
    assertThat(properties.get("SSESpecification"))
        .isEqualTo(
            Map.of(
                "SSEEnabled",
                true,
                "SSEType",
                "KMS",
                "KMSMasterKeyId",
                new Intrinsic("Ref", "ConfigKey")));
    assertThat(properties(TEMPLATE.resources().get("ConfigKey")))
        .containsEntry("EnableKeyRotation", true);
  }

  @Test
  void the_config_api_needs_an_api_key_everywhere_and_iam_for_writes() {
    Map<String, Object> auth =
        (Map<String, Object>) properties(TEMPLATE.resources().get("ConfigApi")).get("Auth");
    assertThat(auth).containsEntry("ApiKeyRequired", true);
    Map<?, ?> events =
        (Map<?, ?>) properties(TEMPLATE.resources().get("ConfigFunction")).get("Events");
    events
        .values()
        .forEach(
            event -> {
              Map<?, ?> eventProperties = (Map<?, ?>) ((Map<?, ?>) event).get("Properties");
              String method = (String) eventProperties.get("Method");
              if (method.equals("PUT") || method.equals("DELETE")) {
                assertThat(((Map<?, ?>) eventProperties.get("Auth")).get("Authorizer"))
                    .isEqualTo("AWS_IAM");
              }
            });
  }

  @Test
  void the_consumer_policy_decrypts_config_ciphertext_only() {
    Map<?, ?> document =
        (Map<?, ?>)
            properties(TEMPLATE.resources().get("ConfigConsumerPolicy")).get("PolicyDocument");
    Map<?, ?> statement = (Map<?, ?>) ((List<?>) document.get("Statement")).get(0);
    assertThat(statement.get("Action")).isEqualTo("kms:Decrypt");
    assertThat(statement.get("Condition").toString()).contains("kms:EncryptionContext:noops:key");
  }

  @Test
  void alerts_are_encrypted_and_no_secret_has_a_plaintext_default() {
    assertThat(TEMPLATE.resourcesOfType("AWS::SNS::Topic").values())
        .allSatisfy(
            topic -> {
              Object key =
                  properties(topic)
                      .get("KmsMasterKeyId"); // a key of the stack, never alias/aws/sns
              assertThat(key).as("alert topic key").isInstanceOf(Intrinsic.class);
              assertThat(
                      TEMPLATE.resources().get((String) ((Intrinsic) key).argument()).get("Type"))
                  .isEqualTo("AWS::KMS::Key");
            });
    TEMPLATE
        .parameters()
        .forEach(
            (name, parameter) -> {
              if (name.matches("(?i).*(password|secret|apikey|token).*") && !name.endsWith("Arn")) {
                assertThat(((Map<?, ?>) parameter).get("Default")).as(name).isIn(null, "");
              }
            });
  }

  private static Path[] moduleDirs(String function) {
    return FUNCTION_MODULES.get(function).stream().map(ROOT::resolve).toArray(Path[]::new);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> environment(String function) {
    Set<String> names = new TreeSet<>();
    Map<String, Object> global =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) TEMPLATE.root().get("Globals")).get("Function"))
                .get("Environment");
    Map<String, Object> own =
        (Map<String, Object>) properties(TEMPLATE.resources().get(function)).get("Environment");
    for (Map<String, Object> environment : List.of(global, own)) {
      names.addAll(((Map<String, Object>) environment.get("Variables")).keySet());
    }
    return names;
  }

  /**
   * The statements of the function's role: SAM's (Policies), its own Role's, and AWS::IAM::Policy
   * resources on it.
   */
  private static List<Map<?, ?>> statements(String function) {
    Map<String, Object> properties = properties(TEMPLATE.resources().get(function));
    List<Object> documents = new ArrayList<>();
    String role = function + "Role";
    if (properties.get("Role") instanceof Intrinsic getAtt) {
      role = (String) ((List<?>) getAtt.argument()).get(0);
      for (Object policy : (List<?>) properties(TEMPLATE.resources().get(role)).get("Policies")) {
        for (Object alternative : alternatives(policy)) {
          if (!isNoValue(alternative)) {
            documents.add(((Map<?, ?>) alternative).get("PolicyDocument"));
          }
        }
      }
    } else {
      documents.addAll((List<?>) properties.get("Policies"));
    }
    Intrinsic roleRef = new Intrinsic("Ref", role);
    TEMPLATE
        .resourcesOfType("AWS::IAM::Policy")
        .values()
        .forEach(
            policy -> {
              if (((List<?>) properties(policy).get("Roles")).contains(roleRef)) {
                documents.add(properties(policy).get("PolicyDocument"));
              }
            });
    List<Map<?, ?>> statements = new ArrayList<>();
    for (Object document : documents) {
      for (Object statement : (List<?>) ((Map<?, ?>) document).get("Statement")) {
        for (Object alternative : alternatives(statement)) {
          if (!isNoValue(alternative)) {
            statements.add((Map<?, ?>) alternative);
          }
        }
      }
    }
    return statements;
  }

  private static List<String> strings(Object node) {
    if (node instanceof String text) {
      return List.of(text);
    }
    if (node instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return leaves(node).filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
