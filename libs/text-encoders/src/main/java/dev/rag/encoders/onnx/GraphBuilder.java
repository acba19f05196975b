package dev.rag.encoders.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an ONNX graph node by node and serialises it as a {@code ModelProto}. Node outputs get
 * generated unique names, so graph code reads like ordinary expressions.
 */
public final class GraphBuilder {

    /** IR version 8 is the first that pairs with opset 17. */
    static final long IR_VERSION = 8;
    public static final long OPSET = 17;

    private final String graphName;
    private final List<Node> nodes = new ArrayList<>();
    private final List<TensorData> initializers = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private int counter;

    public GraphBuilder(String graphName) {
        if (graphName == null || graphName.isBlank()) {
            throw new IllegalArgumentException("graphName must not be blank");
        }
        this.graphName = graphName;
    }

    public GraphBuilder input(ValueInfo info) {
        inputs.add(info);
        return this;
    }

    public GraphBuilder output(ValueInfo info) {
        outputs.add(info);
        return this;
    }

    /** Adds a weight tensor; returns its name for use as a node input. */
    public String initializer(TensorData tensor) {
        initializers.add(tensor);
        return tensor.name();
    }

    /** A float constant of the given shape ({@code dims} empty for a scalar). */
    public String floats(String name, long[] dims, float... values) {
        return initializer(TensorData.floats(name, dims, values));
    }

    /** A 1-D int64 constant, e.g. a shape or an axes list. */
    public String longs(String name, long... values) {
        return initializer(TensorData.longs(name, new long[] {values.length}, values));
    }

    /** A scalar int64 constant, e.g. a Gather index that drops the gathered axis. */
    public String scalarLong(String name, long value) {
        return initializer(TensorData.longs(name, new long[0], new long[] {value}));
    }

    /** Adds a node with one output and returns the output's generated name. */
    public String op(String opType, List<String> nodeInputs, Attribute... attributes) {
        String output = opType.toLowerCase() + "_" + counter++;
        return op(opType, nodeInputs, output, attributes);
    }

    /** Adds a node whose single output has a chosen name (e.g. a graph output). */
    public String op(String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        nodes.add(new Node("n" + nodes.size() + "_" + opType, opType, nodeInputs, List.of(output),
                Arrays.asList(attributes)));
        return output;
    }

    /** Serialised {@code ModelProto}. */
    public byte[] toModelBytes(String producer) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n.encode()));
        graph.string(2, graphName);
        initializers.forEach(t -> graph.message(5, t.encode()));
        inputs.forEach(i -> graph.message(11, i.encode()));
        outputs.forEach(o -> graph.message(12, o.encode()));
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, OPSET);
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, producer)
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }

    public void write(Path file, String producer) throws IOException {
        Files.write(file, toModelBytes(producer));
    }

    public int nodeCount() {
        return nodes.size();
    }
}
