/** Correlation IDs: capture from Lambda events, hold in the MDC, forward on outgoing calls. */
package dev.noops.correlation;
