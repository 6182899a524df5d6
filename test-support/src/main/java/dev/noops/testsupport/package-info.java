/**
 * Real servers for noops tests: {@link dev.noops.local.dynamodb.DynamoDbEmulator} (from {@code
 * local-dynamodb}, re-exported as a dependency), {@link dev.noops.testsupport.OpenSearchNode},
 * {@link dev.noops.testsupport.AwsWireMock} and {@link dev.noops.testsupport.DockerTest}.
 * Elasticsearch 7.10 lives in {@code test-support-es7} because its Lucene cannot share a classpath
 * with OpenSearch's.
 */
package dev.noops.testsupport;
