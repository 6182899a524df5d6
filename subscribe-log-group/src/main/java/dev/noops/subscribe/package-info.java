/** The subscriber Lambda: log groups to the shipper. */
package dev.noops.subscribe;
