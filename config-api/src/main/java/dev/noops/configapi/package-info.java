/**
 * The config API: a Lambda behind an API Gateway REST API (proxy integration) that stores config
 * values in one DynamoDB table, with optimistic concurrency, history, and secrets as KMS
 * ciphertext bound to their key. {@link dev.noops.configapi.ConfigApiHandler} is the Lambda entry
 * point; {@link dev.noops.configapi.LocalConfigServer} serves the same handler over plain HTTP for
 * {@code noops local}, with {@link dev.noops.configapi.LocalKeyRing} standing in for KMS.
 */
package dev.noops.configapi;
