package dev.rag.llm.gguf;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the metadata key/value section. */
final class GgufMetadataReader {
  private GgufMetadataReader() {}

  static GgufMetadata read(SegmentCursor in, long count, String fileName) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (long i = 0; i < count; i++) {
      String key = in.string("metadata key");
      GgufValueType type = GgufValueType.fromId(in.i32("value type of " + key));
      values.put(key, readValue(in, type, key, fileName));
    }
    return new GgufMetadata(values);
  }

  private static Object readValue(
      SegmentCursor in, GgufValueType type, String key, String fileName) {
    return switch (type) {
      case UINT8 -> in.i8(key) & 0xFF;
      case INT8 -> (int) in.i8(key);
      case UINT16 -> in.i16(key) & 0xFFFF;
      case INT16 -> (int) in.i16(key);
      case UINT32 -> Integer.toUnsignedLong(in.i32(key));
      case INT32 -> in.i32(key);
      case FLOAT32 -> in.f32(key);
      case BOOL -> in.i8(key) != 0;
      case STRING -> in.string(key);
      case UINT64, INT64 -> in.i64(key);
      case FLOAT64 -> in.f64(key);
      case ARRAY -> readArray(in, key, fileName);
    };
  }

  private static Object readArray(SegmentCursor in, String key, String fileName) {
    GgufValueType elementType = GgufValueType.fromId(in.i32("array type of " + key));
    long n = in.count("array length of " + key, elementType == GgufValueType.STRING ? 8 : 1);
    if (n > Integer.MAX_VALUE - 8) {
      throw new GgufFormatException(fileName + ": array " + key + " is too long (" + n + ")");
    }
    int len = (int) n;
    switch (elementType) {
      case STRING -> {
        String[] a = new String[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.string(key);
        }
        return a;
      }
      case FLOAT32 -> {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.f32(key);
        }
        return a;
      }
      case INT32, UINT32 -> {
        int[] a = new int[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.i32(key);
        }
        return a;
      }
      case INT8, UINT8, BOOL -> {
        byte[] a = new byte[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.i8(key);
        }
        return a;
      }
      case INT16, UINT16 -> {
        short[] a = new short[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.i16(key);
        }
        return a;
      }
      case INT64, UINT64 -> {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.i64(key);
        }
        return a;
      }
      case FLOAT64 -> {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.f64(key);
        }
        return a;
      }
      case ARRAY ->
          throw new GgufFormatException(
              fileName + ": nested arrays in " + key + " are not supported");
      default -> throw new IllegalStateException(elementType.toString());
    }
  }
}
