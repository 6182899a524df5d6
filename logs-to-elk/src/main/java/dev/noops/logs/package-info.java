/** The log shipper Lambda: CloudWatch Logs to Elasticsearch/OpenSearch. */
package dev.noops.logs;
