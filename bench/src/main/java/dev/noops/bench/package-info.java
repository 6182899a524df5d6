/**
 * JMH benchmarks of the noops components; each figure in README names the benchmark that produced
 * it.
 */
package dev.noops.bench;
