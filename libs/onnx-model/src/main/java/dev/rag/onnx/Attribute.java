package dev.rag.onnx;

/** An ONNX {@code AttributeProto} of type INT, FLOAT or INTS. */
public record Attribute(String name, int type, long intValue, float floatValue, long[] ints) {

  static final int TYPE_FLOAT = 1;
  static final int TYPE_INT = 2;
  static final int TYPE_INTS = 7;

  public static Attribute of(String name, long value) {
    return new Attribute(name, TYPE_INT, value, 0f, new long[0]);
  }

  public static Attribute of(String name, float value) {
    return new Attribute(name, TYPE_FLOAT, 0, value, new long[0]);
  }

  public static Attribute ints(String name, long... values) {
    return new Attribute(name, TYPE_INTS, 0, 0f, values.clone());
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter().string(1, name);
    switch (type) {
      case TYPE_FLOAT -> w.fixed32Float(2, floatValue);
      case TYPE_INT -> w.varint(3, intValue);
      case TYPE_INTS -> {
        for (long v : ints) {
          w.varint(8, v);
        }
      }
      default -> throw new IllegalStateException("unsupported attribute type " + type);
    }
    return w.varint(20, type);
  }
}
