package dev.brickyard.base.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ONNX protobuf pieces every graph built or rewritten here shares: ONNX IR version 8, opset 17 of the default
 * domain, float32 values with fixed or symbolic dimensions (a symbolic {@code batch} first for brick graphs), float32
 * initializers stored as little-endian raw data.
 */
public final class GraphProtos {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;

    private GraphProtos() {
    }

    /** A model file holding the graph, recording who produced it. */
    public static byte[] model(OnnxMl.GraphProto graph, String producer) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .setProducerVersion("brickyard")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A float32 {@code [batch, width]} graph input or output, the batch dimension symbolic. */
    public static OnnxMl.ValueInfoProto batchOfFloats(String name, int width) {
        return floatValue(name, symbolic("batch"), fixed(width));
    }

    /** A float32 graph input or output of the given dimensions. */
    public static OnnxMl.ValueInfoProto floatValue(String name, OnnxMl.TensorShapeProto.Dimension... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (OnnxMl.TensorShapeProto.Dimension dim : dims) {
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    /** A dimension of fixed size. */
    public static OnnxMl.TensorShapeProto.Dimension fixed(long size) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }

    /** A dimension named, sized by what is fed at run time. */
    public static OnnxMl.TensorShapeProto.Dimension symbolic(String name) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }

    /** A float32 initializer of the given dimensions, {@code values} in row-major order. */
    public static OnnxMl.TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }
}
