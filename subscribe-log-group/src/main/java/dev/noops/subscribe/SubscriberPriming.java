package dev.noops.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber's SnapStart hook: before the snapshot it reads a CreateLogGroup event the way the
 * handler does and builds every client (CloudWatch Logs, the Lambda client of the self-invoke, the
 * HTTP client of CloudFormation answers) without calling any of them. The settings are not read
 * here: a bad configuration must still let a custom resource request be answered.
 */
final class SubscriberPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriberPriming.class);

  static final String SAMPLE =
      "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"AWS API"
          + " Call via CloudTrail\",\"source\":\"aws.logs\",\"account\":\"123456789012\","
          + "\"time\":\"2026-12-02T10:00:00Z\",\"region\":\"eu-west-1\",\"resources\":[],"
          + "\"detail\":{\"eventVersion\":\"1.08\","
          + "\"eventSource\":\"logs.amazonaws.com\",\"eventName\":\"CreateLogGroup\",\"awsRegion\":\"eu-west-1\","
          + "\"requestParameters\":{\"logGroupName\":\"/aws/lambda/noops-priming\"},\"responseElements\":null}}";

  private final List<Supplier<?>> clients;

  SubscriberPriming(List<Supplier<?>> clients) {
    this.clients = List.copyOf(clients);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
    long started = System.nanoTime();
    JsonNode event = JsonText.read(SAMPLE);
    if (!event.path("detail").path("requestParameters").path("logGroupName").isTextual()) {
      throw new IllegalStateException("the priming sample lost its log group name");
    }
    long built = clients.stream().map(Supplier::get).filter(Objects::nonNull).count();
    LOG.info(
        "SnapStart priming done in {} ms, {} clients built, no request sent",
        (System.nanoTime() - started) / 1_000_000,
        built);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // no connection was opened before the snapshot; credentials are resolved per request
  }
}
