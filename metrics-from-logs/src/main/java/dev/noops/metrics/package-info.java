/** MONITORING log lines to CloudWatch metrics. */
package dev.noops.metrics;
