/**
 * A DynamoDB-compatible server for this machine: {@link dev.noops.local.dynamodb.DynamoDbEmulator}
 * runs <a href="https://github.com/nubo-db/dynoxide">Dynoxide</a> as a child process on loopback,
 * in memory or persisted to a SQLite file. {@code noops local} serves the config API from it, and
 * tests reach it through {@code test-support}.
 */
package dev.noops.local.dynamodb;
