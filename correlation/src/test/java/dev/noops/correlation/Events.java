package dev.noops.correlation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample events from {@code /events/} on the test classpath (this module's and test-support's),
 * read into the Map a Lambda handler receives.
 */
final class Events {
  static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  static Map<String, Object> load(String name) {
    try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no event " + name);
      }
      return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> event, String... path) {
    Object node = event;
    for (String step : path) {
      node = ((Map<String, Object>) node).get(step);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(Map<String, Object> event) {
    return (List<Map<String, Object>>) event.get("Records");
  }

  /** {@code event} with its first record copied until there are {@code count}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withRecords(Map<String, Object> event, int count) {
    Map<String, Object> first = records(event).get(0);
    List<Object> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(parse(write(first)));
    }
    event.put("Records", records);
    return event;
  }
}
