package dev.rag.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Builds an ONNX graph node by node and serialises it as a {@code ModelProto}. Node outputs get
 * generated unique names, so graph code reads like ordinary expressions.
 */
public final class GraphBuilder {

  /** IR version 8 is the first that pairs with opset 17. */
  static final long IR_VERSION = 8;

  public static final long OPSET = 17;

  /** The contrib domain has a single version. */
  static final long CONTRIB_OPSET = 1;

  private final String graphName;
  private final List<Node> nodes = new ArrayList<>();
  private final List<TensorData> initializers = new ArrayList<>();
  private final List<ValueInfo> inputs = new ArrayList<>();
  private final List<ValueInfo> outputs = new ArrayList<>();
  private int counter;
  private boolean usesContrib;

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
    nodes.add(
        new Node(
            "n" + nodes.size() + "_" + opType,
            "",
            opType,
            nodeInputs,
            List.of(output),
            Arrays.asList(attributes)));
    return output;
  }

  /**
   * Adds a node of ONNX Runtime's contrib domain with {@code outputCount} outputs and returns their
   * generated names; a caller that does not want an output passes its index in {@code unused},
   * which leaves it unnamed so the runtime need not produce it.
   */
  public List<String> contrib(
      String opType,
      List<String> nodeInputs,
      int outputCount,
      Set<Integer> unused,
      Attribute... attributes) {
    if (outputCount <= 0) {
      throw new IllegalArgumentException(
          "outputCount " + outputCount + " of " + opType + " must be > 0");
    }
    usesContrib = true;
    List<String> outs = new ArrayList<>(outputCount);
    for (int i = 0; i < outputCount; i++) {
      outs.add(unused.contains(i) ? "" : opType.toLowerCase() + "_" + counter++ + "_" + i);
    }
    nodes.add(
        new Node(
            "n" + nodes.size() + "_" + opType,
            Node.CONTRIB,
            opType,
            nodeInputs,
            outs,
            Arrays.asList(attributes)));
    return outs;
  }

  /** A contrib node with a single output. */
  public String contrib(String opType, List<String> nodeInputs, Attribute... attributes) {
    return contrib(opType, nodeInputs, 1, Set.of(), attributes).getFirst();
  }

  /** A contrib node whose outputs get chosen names ("" for an output that is not wanted). */
  public void contribNamed(
      String opType, List<String> nodeInputs, List<String> outputNames, Attribute... attributes) {
    usesContrib = true;
    nodes.add(
        new Node(
            "n" + nodes.size() + "_" + opType,
            Node.CONTRIB,
            opType,
            nodeInputs,
            outputNames,
            Arrays.asList(attributes)));
  }

  /**
   * Serialised {@code ModelProto}. The whole model is one protobuf message held in memory, so it
   * must stay below protobuf's 2 GiB limit (no external-data files).
   */
  public byte[] toModelBytes(String producer) {
    ProtoWriter graph = new ProtoWriter();
    nodes.forEach(n -> graph.message(1, n.encode()));
    graph.string(2, graphName);
    initializers.forEach(t -> graph.message(5, t.encode()));
    inputs.forEach(i -> graph.message(11, i.encode()));
    outputs.forEach(o -> graph.message(12, o.encode()));
    ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, OPSET);
    ProtoWriter model =
        new ProtoWriter()
            .varint(1, IR_VERSION)
            .string(2, producer)
            .message(7, graph)
            .message(8, opset);
    if (usesContrib) {
      model.message(8, new ProtoWriter().string(1, Node.CONTRIB).varint(2, CONTRIB_OPSET));
    }
    return model.toByteArray();
  }

  public void write(Path file, String producer) throws IOException {
    Files.write(file, toModelBytes(producer));
  }

  public int nodeCount() {
    return nodes.size();
  }
}
