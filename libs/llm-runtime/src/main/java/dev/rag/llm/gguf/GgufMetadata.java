package dev.rag.llm.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file. Scalars are boxed Java values (unsigned integers widened),
 * arrays are Java arrays ({@code String[]}, {@code int[]}, {@code long[]}, {@code float[]}, ...).
 */
public final class GgufMetadata {
  private final Map<String, Object> values;

  public GgufMetadata(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Set<String> keys() {
    return values.keySet();
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String getString(String key) {
    return require(key, String.class);
  }

  public Optional<String> findString(String key) {
    Object v = values.get(key);
    return v instanceof String s ? Optional.of(s) : Optional.empty();
  }

  public long getLong(String key) {
    return require(key, Number.class).longValue();
  }

  public int getInt(String key) {
    long v = getLong(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new GgufFormatException("metadata " + key + " = " + v + " does not fit in an int");
    }
    return (int) v;
  }

  public int getInt(String key, int defaultValue) {
    return values.containsKey(key) ? getInt(key) : defaultValue;
  }

  public float getFloat(String key, float defaultValue) {
    return values.containsKey(key) ? require(key, Number.class).floatValue() : defaultValue;
  }

  public String[] getStringArray(String key) {
    return require(key, String[].class);
  }

  public Optional<float[]> findFloatArray(String key) {
    Object v = values.get(key);
    return v instanceof float[] f ? Optional.of(f) : Optional.empty();
  }

  /** Integer arrays of any width, widened to int. */
  public Optional<int[]> findIntArray(String key) {
    Object v = values.get(key);
    if (v instanceof int[] a) {
      return Optional.of(a);
    }
    if (v instanceof long[] a) {
      int[] r = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = Math.toIntExact(a[i]);
      }
      return Optional.of(r);
    }
    if (v instanceof byte[] a) {
      int[] r = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = a[i];
      }
      return Optional.of(r);
    }
    if (v instanceof short[] a) {
      int[] r = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = a[i];
      }
      return Optional.of(r);
    }
    return Optional.empty();
  }

  private <T> T require(String key, Class<T> type) {
    Object v = values.get(key);
    if (v == null) {
      throw new GgufFormatException("missing metadata key " + key);
    }
    if (!type.isInstance(v)) {
      throw new GgufFormatException(
          "metadata "
              + key
              + " has type "
              + v.getClass().getSimpleName()
              + ", expected "
              + type.getSimpleName());
    }
    return type.cast(v);
  }
}
