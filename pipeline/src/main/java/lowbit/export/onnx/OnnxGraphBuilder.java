package lowbit.export.onnx;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

/** Appends nodes and initializers to an ONNX graph through the generated protobuf builders, with unique names. */
final class OnnxGraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Set<String> reserved = new HashSet<>();
    private long payloadBytes;
    private boolean int2;

    OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** Bytes of initializer data (raw data) added so far. */
    long payloadBytes() {
        return payloadBytes;
    }

    /** Whether an INT2 initializer was added (it needs opset 25, IR version 13). */
    boolean usesInt2() {
        return int2;
    }

    /** A name for a new tensor or node: {@code base}, or base with a numeric suffix if taken. */
    String fresh(String base) {
        String n = base;
        for (int i = 1; names.contains(n); i++) n = base + "_" + i;
        names.add(n);
        return n;
    }

    /** Names that {@link #fresh} never hands out: the first node output (or input) asking for one gets it exactly. */
    void reserve(String... exact) {
        for (String n : exact) {
            if (!names.add(n)) throw new IllegalStateException("ONNX name " + n + " is taken");
            reserved.add(n);
        }
    }

    private String outputName(String requested) {
        return reserved.remove(requested) ? requested : fresh(requested);
    }

    /** Adds a node and returns its first output's name. */
    String node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh("node:" + name)).addAllInput(inputs)
                .addAllOutput(outputs);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return outputs.get(0);
    }

    /** A node with one output named after {@code output} (made unique). */
    String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
        String out = outputName(output);
        return node(opType, out, inputs, List.of(out), attributes);
    }

    String floatTensor(String name, int[] dims, float[] values) {
        return initializer(name, OnnxTypes.FLOAT, dims, OnnxTypes.littleEndian(values));
    }

    String floatScalar(String name, float value) {
        return floatTensor(name, new int[0], new float[] {value});
    }

    String int64Tensor(String name, long... values) {
        return initializer(name, OnnxTypes.INT64, new int[] {values.length}, OnnxTypes.littleEndian(values));
    }

    String uint8Scalar(String name, int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException("uint8 " + value);
        return initializer(name, OnnxTypes.UINT8, new int[0], new byte[] {(byte) value});
    }

    /** Signed integer codes of {@code type} (INT2, INT4, INT8), packed. */
    String intTensor(String name, int type, int[] dims, int[] values) {
        if (type == OnnxTypes.INT2) int2 = true;
        return initializer(name, type, dims, OnnxTypes.packSigned(values, type));
    }

    private String initializer(String name, int type, int[] dims, byte[] raw) {
        String n = fresh(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(type).setRawData(ByteString.copyFrom(raw));
        for (int d : dims) t.addDims(d);
        graph.addInitializer(t);
        payloadBytes += raw.length;
        return n;
    }

    /** A float tensor graph input or output whose first dimension is the batch. */
    void floatInput(String name, int... dims) {
        graph.addInput(floatValue(outputName(name), dims));
    }

    void floatOutput(String name, int... dims) {
        graph.addOutput(floatValue(name, dims));
    }

    private static ValueInfoProto floatValue(String name, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : dims) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(OnnxTypes.FLOAT).setShape(shape)))
                .build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto ints(String name, int... values) {
        return ints(name, Arrays.stream(values).asLongStream().toArray());
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto tensor(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }
}
