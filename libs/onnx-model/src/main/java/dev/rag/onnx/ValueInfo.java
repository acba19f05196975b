package dev.rag.onnx;

import java.util.List;

/**
 * An ONNX {@code ValueInfoProto} for a graph input or output tensor.
 *
 * @param dims per dimension either a number (fixed size) or a name (symbolic size, e.g. "batch")
 */
public record ValueInfo(String name, int elementType, List<Object> dims) {

  public ValueInfo {
    dims = List.copyOf(dims);
    for (Object d : dims) {
      if (!(d instanceof Long) && !(d instanceof String)) {
        throw new IllegalArgumentException(
            "dimension " + d + " of " + name + " must be a Long or a String");
      }
    }
  }

  ProtoWriter encode() {
    ProtoWriter shape = new ProtoWriter();
    for (Object d : dims) {
      ProtoWriter dim = new ProtoWriter();
      if (d instanceof Long value) {
        dim.varint(1, value);
      } else {
        dim.string(2, (String) d);
      }
      shape.message(1, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, elementType).message(2, shape);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, name).message(2, type);
  }
}
