package dev.rag.llm.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A memory-mapped GGUF file (versions 2 and 3): header, metadata, tensor index and the tensor data,
 * which stays in the page cache; tensors are slices of the mapping, never copied onto the heap.
 * Closing the file unmaps it, after which tensor segments must no longer be used.
 */
public final class GgufFile implements AutoCloseable {
  /** "GGUF" read as a little-endian uint32. */
  static final int MAGIC = 0x46554747;

  static final int DEFAULT_ALIGNMENT = 32;

  private final Path path;
  private final Arena arena;
  private final MemorySegment mapping;
  private final int version;
  private final GgufMetadata metadata;
  private final Map<String, GgufTensorInfo> tensors;
  private final long dataOffset;
  private final int alignment;

  private GgufFile(
      Path path,
      Arena arena,
      MemorySegment mapping,
      int version,
      GgufMetadata metadata,
      Map<String, GgufTensorInfo> tensors,
      long dataOffset,
      int alignment) {
    this.path = path;
    this.arena = arena;
    this.mapping = mapping;
    this.version = version;
    this.metadata = metadata;
    this.tensors = tensors;
    this.dataOffset = dataOffset;
    this.alignment = alignment;
  }

  /**
   * Maps and parses {@code path}; throws {@link GgufFormatException} for files that are not valid
   * GGUF.
   */
  public static GgufFile open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new GgufFormatException("not a file: " + path);
    }
    Arena arena = Arena.ofShared();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
      return parse(path, arena, mapping);
    } catch (RuntimeException | IOException e) {
      arena.close();
      throw e;
    }
  }

  private static GgufFile parse(Path path, Arena arena, MemorySegment mapping) {
    String name = path.getFileName().toString();
    SegmentCursor in = new SegmentCursor(mapping, name);
    if (mapping.byteSize() < 4 || in.i32("magic") != MAGIC) {
      throw new GgufFormatException(name + " is not a GGUF file (missing 'GGUF' magic bytes)");
    }
    int version = in.i32("version");
    if (version != 2 && version != 3) {
      throw new GgufFormatException(
          name + " has GGUF version " + version + "; supported versions are 2 and 3");
    }
    long tensorCount = in.count("tensor count", 24);
    long kvCount = in.count("metadata count", 12);
    GgufMetadata metadata = GgufMetadataReader.read(in, kvCount, name);
    int alignment = metadata.getInt("general.alignment", DEFAULT_ALIGNMENT);
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new GgufFormatException(
          name + ": general.alignment = " + alignment + " must be a power of two");
    }
    Map<String, GgufTensorInfo> tensors = readTensorIndex(in, tensorCount, name);
    long dataOffset = alignUp(in.position(), alignment);
    for (GgufTensorInfo t : tensors.values()) {
      checkTensorPlacement(t, alignment, dataOffset, mapping.byteSize(), name);
    }
    return new GgufFile(
        path,
        arena,
        mapping,
        version,
        metadata,
        Collections.unmodifiableMap(tensors),
        dataOffset,
        alignment);
  }

  private static Map<String, GgufTensorInfo> readTensorIndex(
      SegmentCursor in, long count, String name) {
    Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
    for (long i = 0; i < count; i++) {
      String tensorName = in.string("tensor name");
      int nDims = in.i32("dimension count of " + tensorName);
      if (nDims < 1 || nDims > 4) {
        throw new GgufFormatException(
            name + ": tensor " + tensorName + " has " + nDims + " dimensions; allowed 1..4");
      }
      long[] shape = new long[nDims];
      for (int d = 0; d < nDims; d++) {
        shape[d] = in.i64("dimension of " + tensorName);
        if (shape[d] <= 0) {
          throw new GgufFormatException(
              name + ": tensor " + tensorName + " has dimension " + shape[d]);
        }
      }
      int typeId = in.i32("type of " + tensorName);
      GgmlType type = GgmlType.fromIdOrNull(typeId);
      if (type == null) {
        throw new GgufFormatException(
            name + ": tensor " + tensorName + " has unknown ggml type id " + typeId);
      }
      long offset = in.i64("offset of " + tensorName);
      if (tensors.put(tensorName, new GgufTensorInfo(tensorName, shape, type, offset)) != null) {
        throw new GgufFormatException(name + ": duplicate tensor name " + tensorName);
      }
    }
    return tensors;
  }

  private static void checkTensorPlacement(
      GgufTensorInfo t, int alignment, long dataOffset, long fileSize, String name) {
    if (t.offset() < 0 || t.offset() % alignment != 0) {
      throw new GgufFormatException(
          name
              + ": tensor "
              + t.name()
              + " offset "
              + t.offset()
              + " is not a multiple of the alignment "
              + alignment);
    }
    // Flat-blocked files may end the tensor in a partial block; count whole blocks.
    long blocks = (t.elementCount() + t.type().blockSize() - 1) / t.type().blockSize();
    long end = dataOffset + t.offset() + blocks * t.type().typeSize();
    if (end > fileSize) {
      throw new GgufFormatException(
          name
              + " is truncated: tensor "
              + t.name()
              + " ends at byte "
              + end
              + " but the file has "
              + fileSize
              + " bytes");
    }
  }

  static long alignUp(long value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  public Path path() {
    return path;
  }

  public int version() {
    return version;
  }

  public GgufMetadata metadata() {
    return metadata;
  }

  public Map<String, GgufTensorInfo> tensors() {
    return tensors;
  }

  public int alignment() {
    return alignment;
  }

  public long dataOffset() {
    return dataOffset;
  }

  public GgufTensorInfo tensor(String name) {
    GgufTensorInfo t = tensors.get(name);
    if (t == null) {
      throw new GgufFormatException(path.getFileName() + ": missing tensor " + name);
    }
    return t;
  }

  /** The bytes of {@code tensor}, a slice of the mapping (whole blocks, rounded up). */
  public MemorySegment tensorData(GgufTensorInfo tensor) {
    long blocks =
        (tensor.elementCount() + tensor.type().blockSize() - 1) / tensor.type().blockSize();
    return mapping.asSlice(dataOffset + tensor.offset(), blocks * tensor.type().typeSize());
  }

  @Override
  public void close() {
    arena.close();
  }
}
