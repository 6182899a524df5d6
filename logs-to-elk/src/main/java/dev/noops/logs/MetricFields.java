package dev.noops.logs;

import java.util.Map;

/** The {@code metric.*} fields of a document for a MONITORING line. */
record MetricFields(
    String name, double value, String type, String unit, Map<String, String> tags) {}
