package dev.noops.subscribe;

/**
 * A {@code PutSubscriptionFilter} request.
 *
 * @param logGroupName the group
 * @param filterName the filter's name
 * @param filterPattern the pattern ({@code ""}: every event)
 * @param destinationArn where it delivers
 * @param roleArn the role CloudWatch Logs assumes, or null
 * @param distribution {@code ByLogStream} or {@code Random}, or null for the service's default
 */
record FilterRequest(
    String logGroupName,
    String filterName,
    String filterPattern,
    String destinationArn,
    String roleArn,
    String distribution) {}
