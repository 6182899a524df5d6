/**
 * The config API: a Lambda behind an API Gateway REST API (proxy integration) that stores config
 * values in one DynamoDB table, with optimistic concurrency, history, and secrets as KMS ciphertext
 * bound to their key. {@link dev.noops.configapi.ConfigApiHandler} is the Lambda entry point;
 * {@link dev.noops.configapi.ConfigApiHandler#create} and {@link
 * dev.noops.configapi.ConfigTableSchema} are the small facade {@code noops local} (module
 * config-local) runs the same handler through.
 */
package dev.noops.configapi;
