package dev.noops.logs;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The leaves of an application's JSON log ({@link JsonFlattener}: path to value) in the order they
 * were found, as a {@code LinkedHashMap} keeps them, for less: two arrays and an open-addressing
 * index of positions, no node per entry. {@link JsonFields} reads them by position. Keys and values
 * are never null and never removed. Not thread-safe.
 */
final class Leaves extends AbstractMap<String, Object> {
  private String[] keys;
  private Object[] values;
  private int size;

  /** Per slot, the position + 1 of the key whose hash led there, 0 when free; a power of 2 long. */
  private int[] index;

  Leaves() {
    this(16);
  }

  private Leaves(int expected) {
    int capacity = Math.max(4, expected);
    keys = new String[capacity];
    values = new Object[capacity];
    index = new int[Integer.highestOneBit(capacity) * 4];
  }

  /** {@code map}'s entries, in its order. */
  static Leaves copyOf(Map<String, ?> map) {
    Leaves leaves = new Leaves(map.size());
    map.forEach(leaves::put);
    return leaves;
  }

  String key(int position) {
    return keys[position];
  }

  Object value(int position) {
    return values[position];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Object get(Object key) {
    int position = position(key);
    return position < 0 ? null : values[position];
  }

  @Override
  public boolean containsKey(Object key) {
    return position(key) >= 0;
  }

  /** Adds {@code key} unless it is there; returns the value it already had, else null. */
  @Override
  public Object putIfAbsent(String key, Object value) {
    int slot = slot(Objects.requireNonNull(key, "key == null"));
    if (index[slot] != 0) {
      return values[index[slot] - 1];
    }
    add(slot, key, value);
    return null;
  }

  @Override
  public Object put(String key, Object value) {
    int slot = slot(Objects.requireNonNull(key, "key == null"));
    if (index[slot] != 0) {
      Object old = values[index[slot] - 1];
      values[index[slot] - 1] = Objects.requireNonNull(value, "value == null");
      return old;
    }
    add(slot, key, value);
    return null;
  }

  private void add(int slot, String key, Object value) {
    Objects.requireNonNull(value, "value == null");
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, 2 * size);
      values = Arrays.copyOf(values, 2 * size);
    }
    keys[size] = key;
    values[size] = value;
    index[slot] = ++size;
    if (2 * size > index.length) { // at most half full, so probes stay short
      index = new int[2 * index.length];
      for (int position = 0; position < size; position++) {
        index[slot(keys[position])] = position + 1;
      }
    }
  }

  /** Where {@code key} is, or -1. */
  private int position(Object key) {
    if (!(key instanceof String text)) {
      return -1;
    }
    return index[slot(text)] - 1;
  }

  /** The slot that holds {@code key}, or the free slot where it would go. */
  private int slot(String key) {
    int mask = index.length - 1;
    int hash = key.hashCode();
    int slot = (hash ^ (hash >>> 16)) & mask;
    while (index[slot] != 0 && !keys[index[slot] - 1].equals(key)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Object> entry =
                new AbstractMap.SimpleImmutableEntry<>(keys[next], values[next]);
            next++;
            return entry;
          }
        };
      }
    };
  }
}
