package dev.rag.llm.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads over a segment; every read is bounds-checked with a clear message.
 */
final class SegmentCursor {
  private static final ValueLayout.OfInt I32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong I64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort I16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat F32 =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble F64 =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment segment;
  private final String fileName;
  private long position;

  SegmentCursor(MemorySegment segment, String fileName) {
    this.segment = segment;
    this.fileName = fileName;
  }

  long position() {
    return position;
  }

  private long advance(long bytes, String what) {
    if (bytes < 0 || position + bytes > segment.byteSize()) {
      throw new GgufFormatException(
          fileName
              + " is truncated: reading "
              + what
              + " at byte "
              + position
              + " needs "
              + bytes
              + " bytes but the file has "
              + segment.byteSize());
    }
    long p = position;
    position += bytes;
    return p;
  }

  byte i8(String what) {
    return segment.get(ValueLayout.JAVA_BYTE, advance(1, what));
  }

  short i16(String what) {
    return segment.get(I16, advance(2, what));
  }

  int i32(String what) {
    return segment.get(I32, advance(4, what));
  }

  long i64(String what) {
    return segment.get(I64, advance(8, what));
  }

  float f32(String what) {
    return segment.get(F32, advance(4, what));
  }

  double f64(String what) {
    return segment.get(F64, advance(8, what));
  }

  /** A count stored as uint64; must be non-negative and plausible for the bytes that remain. */
  long count(String what, long minBytesEach) {
    long n = i64(what);
    long remaining = segment.byteSize() - position;
    if (n < 0 || (minBytesEach > 0 && n > remaining / minBytesEach)) {
      throw new GgufFormatException(
          fileName
              + ": "
              + what
              + " = "
              + Long.toUnsignedString(n)
              + " is impossible for the "
              + remaining
              + " bytes that remain (truncated or corrupt file)");
    }
    return n;
  }

  String string(String what) {
    long len = count(what + " length", 1);
    if (len > Integer.MAX_VALUE) {
      throw new GgufFormatException(fileName + ": " + what + " is too long (" + len + " bytes)");
    }
    long p = advance(len, what);
    byte[] bytes = segment.asSlice(p, len).toArray(ValueLayout.JAVA_BYTE);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
