package dev.noops.subscribe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of a CloudFormation custom resource request that the answer needs.
 *
 * @param requestType Create, Update or Delete
 * @param responseUrl the pre-signed S3 URL to PUT the answer to
 * @param stackId the stack ARN
 * @param requestId the request's id
 * @param logicalResourceId the resource's name in the template
 * @param physicalResourceId the id to answer with: the one CloudFormation sent (Update, Delete) or
 *     a stable new one (Create)
 */
record CustomResourceRequest(
    String requestType,
    String responseUrl,
    String stackId,
    String requestId,
    String logicalResourceId,
    String physicalResourceId) {

  static boolean looksLikeOne(JsonNode event) {
    return event.path("RequestType").isTextual() && event.path("ResponseURL").isTextual();
  }

  static CustomResourceRequest of(JsonNode event) {
    String logical = event.path("LogicalResourceId").asText("");
    String physical = event.path("PhysicalResourceId").asText("");
    // stable across Updates: a new id would make CloudFormation Delete the "old" resource
    String id =
        physical.isBlank()
            ? "noops-subscribe-log-group-" + (logical.isBlank() ? "backfill" : logical)
            : physical;
    return new CustomResourceRequest(
        event.path("RequestType").asText(),
        event.path("ResponseURL").asText(),
        event.path("StackId").asText(""),
        event.path("RequestId").asText(""),
        logical,
        id);
  }
}
