package dev.noops.subscribe;

/**
 * A subscription filter as {@code DescribeSubscriptionFilters} describes it.
 *
 * @param filterName the filter's name
 * @param destinationArn where it delivers
 * @param filterPattern its pattern, or null
 * @param roleArn its role, or null
 * @param distribution {@code ByLogStream} or {@code Random}, or null
 */
record SubscriptionFilter(
    String filterName,
    String destinationArn,
    String filterPattern,
    String roleArn,
    String distribution) {}
