package dev.noops.subscribe;

/**
 * An account policy as {@code DescribeAccountPolicies} describes it.
 *
 * @param policyName its name
 * @param policyDocument its document, JSON text
 * @param selectionCriteria its selection criteria, or null
 */
record DescribedPolicy(String policyName, String policyDocument, String selectionCriteria) {}
