package dev.rag.llm.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF files (used by the model-synthesis tool and by tests that need small or broken
 * files). Tensor data is streamed, so multi-GB files never sit on the heap.
 */
public final class GgufWriter {

  /** Produces exactly the declared number of bytes of one tensor. */
  @FunctionalInterface
  public interface TensorData {
    void writeTo(OutputStream out) throws IOException;
  }

  private record Pending(GgufTensorInfo info, long byteSize, TensorData data) {}

  private final int version;
  private final int alignment;
  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private final List<Pending> tensors = new ArrayList<>();
  private long nextOffset;

  public GgufWriter(int version, int alignment) {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("version " + version + " not writable; allowed 2 or 3");
    }
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException(
          "alignment " + alignment + " must be a positive power of two");
    }
    this.version = version;
    this.alignment = alignment;
    if (alignment != GgufFile.DEFAULT_ALIGNMENT) {
      metadata.put("general.alignment", alignment);
    }
  }

  /**
   * Adds a key; values: String, Integer (int32), Long (uint64), Float, Boolean, String[], float[],
   * int[].
   */
  public GgufWriter put(String key, Object value) {
    metadata.put(key, value);
    return this;
  }

  public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorData data) {
    GgufTensorInfo info = new GgufTensorInfo(name, shape, type, nextOffset);
    long blocks = (info.elementCount() + type.blockSize() - 1) / type.blockSize();
    long size = blocks * type.typeSize();
    tensors.add(new Pending(info, size, data));
    nextOffset = GgufFile.alignUp(nextOffset + size, alignment);
    return this;
  }

  public void write(Path path) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
      CountingOut c = new CountingOut(out);
      c.i32(GgufFile.MAGIC);
      c.i32(version);
      c.i64(tensors.size());
      c.i64(metadata.size());
      for (Map.Entry<String, Object> e : metadata.entrySet()) {
        c.string(e.getKey());
        writeValue(c, e.getKey(), e.getValue());
      }
      for (Pending p : tensors) {
        c.string(p.info.name());
        long[] shape = p.info.shape();
        c.i32(shape.length);
        for (long d : shape) {
          c.i64(d);
        }
        c.i32(p.info.type().id());
        c.i64(p.info.offset());
      }
      c.pad(alignment);
      long dataStart = c.count;
      for (Pending p : tensors) {
        c.pad(alignment);
        long before = c.count;
        p.data.writeTo(c);
        if (c.count - before != p.byteSize) {
          throw new IllegalStateException(
              "tensor "
                  + p.info.name()
                  + " wrote "
                  + (c.count - before)
                  + " bytes, expected "
                  + p.byteSize);
        }
        if (before - dataStart != p.info.offset()) {
          throw new IllegalStateException("offset mismatch for " + p.info.name());
        }
      }
    }
  }

  private static void writeValue(CountingOut c, String key, Object v) throws IOException {
    switch (v) {
      case String s -> {
        c.i32(GgufValueType.STRING.id());
        c.string(s);
      }
      case Integer i -> {
        c.i32(GgufValueType.INT32.id());
        c.i32(i);
      }
      case Long l -> {
        c.i32(GgufValueType.UINT64.id());
        c.i64(l);
      }
      case Float f -> {
        c.i32(GgufValueType.FLOAT32.id());
        c.i32(Float.floatToRawIntBits(f));
      }
      case Boolean b -> {
        c.i32(GgufValueType.BOOL.id());
        c.write(b ? 1 : 0);
      }
      case String[] a -> {
        c.arrayHeader(GgufValueType.STRING, a.length);
        for (String s : a) {
          c.string(s);
        }
      }
      case float[] a -> {
        c.arrayHeader(GgufValueType.FLOAT32, a.length);
        for (float f : a) {
          c.i32(Float.floatToRawIntBits(f));
        }
      }
      case int[] a -> {
        c.arrayHeader(GgufValueType.INT32, a.length);
        for (int i : a) {
          c.i32(i);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "metadata " + key + ": unsupported value class " + v.getClass().getName());
    }
  }

  /** Little-endian output that tracks its position for alignment padding. */
  private static final class CountingOut extends OutputStream {
    private final OutputStream out;
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    long count;

    CountingOut(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    void i32(int v) throws IOException {
      scratch.clear();
      scratch.putInt(v);
      write(scratch.array(), 0, 4);
    }

    void i64(long v) throws IOException {
      scratch.clear();
      scratch.putLong(v);
      write(scratch.array(), 0, 8);
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i64(b.length);
      write(b, 0, b.length);
    }

    void arrayHeader(GgufValueType type, int length) throws IOException {
      i32(GgufValueType.ARRAY.id());
      i32(type.id());
      i64(length);
    }

    void pad(int alignment) throws IOException {
      while (count % alignment != 0) {
        write(0);
      }
    }
  }
}
