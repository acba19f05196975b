package dev.rag.encoders.onnx;

import java.util.List;

/** An ONNX {@code NodeProto} in the default domain. */
public record Node(String name, String opType, List<String> inputs, List<String> outputs, List<Attribute> attributes) {

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
        attributes.forEach(a -> w.message(5, a.encode()));
        return w;
    }
}
