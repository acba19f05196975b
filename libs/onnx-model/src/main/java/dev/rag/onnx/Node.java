package dev.rag.onnx;

import java.util.List;

/**
 * An ONNX {@code NodeProto}.
 *
 * @param domain operator set of {@code opType}: "" for standard ONNX, {@link #CONTRIB} for ONNX
 *     Runtime's contrib operators
 * @param inputs input value names; "" marks an omitted optional input
 * @param outputs output value names; "" marks an output that is not wanted
 */
public record Node(
    String name,
    String domain,
    String opType,
    List<String> inputs,
    List<String> outputs,
    List<Attribute> attributes) {

  /**
   * ONNX Runtime's contrib operator domain (MatMulNBits, GroupQueryAttention, RotaryEmbedding,
   * ...).
   */
  public static final String CONTRIB = "com.microsoft";

  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = List.copyOf(attributes);
  }

  ProtoWriter encode() {
    ProtoWriter w = new ProtoWriter();
    inputs.forEach(i -> w.string(1, i));
    outputs.forEach(o -> w.string(2, o));
    w.string(3, name).string(4, opType);
    if (!domain.isEmpty()) {
      w.string(7, domain);
    }
    attributes.forEach(a -> w.message(5, a.encode()));
    return w;
  }
}
