package dev.rag.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Byte-exact against encodings from the protobuf specification. */
class ProtoWriterTest {

  @Test
  void encodesVarintsAsSpecified() {
    // Field 1, value 150: 08 96 01 (the protobuf documentation's example).
    assertThat(new ProtoWriter().varint(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
    // Negative int64 takes ten bytes.
    assertThat(new ProtoWriter().varint(1, -1).toByteArray()).hasSize(11);
  }

  @Test
  void encodesStringsAndNestedMessagesLengthDelimited() {
    assertThat(new ProtoWriter().string(2, "testing").toByteArray())
        .containsExactly(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g');
    ProtoWriter inner = new ProtoWriter().varint(1, 150);
    assertThat(new ProtoWriter().message(3, inner).toByteArray())
        .containsExactly(0x1a, 0x03, 0x08, 0x96, 0x01);
  }

  @Test
  void encodesFloatsAsLittleEndianFixed32() {
    assertThat(new ProtoWriter().fixed32Float(2, 1.0f).toByteArray())
        .containsExactly(0x15, 0x00, 0x00, 0x80, 0x3f);
  }
}
