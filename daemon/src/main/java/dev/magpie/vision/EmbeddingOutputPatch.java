package dev.magpie.vision;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes a quantized model's pre-logits tensor a graph output, so ONNX Runtime returns it.
 *
 * <p>Protobuf merges a message field that occurs twice and concatenates repeated fields, so appending a second
 * {@code graph} field (ModelProto field 7) that holds one extra node and one extra output to the model's bytes adds
 * them to the graph. The node dequantizes the uint8 pooled features with the model's own scale and zero point.
 * See ../shared/models/mobilenetv2-int8-onnx/MODEL.md, "Embedding". About 130 bytes, no ONNX library needed.
 */
public final class EmbeddingOutputPatch {

    /** The name of the new float output, shape [N, dimension]. */
    public static final String OUTPUT = "embedding";

    private EmbeddingOutputPatch() {
    }

    /**
     * @param quantized the uint8 tensor to expose (MobileNetV2 int8: {@code 472_quantized})
     * @param scale its scale initializer ({@code 464_scale})
     * @param zeroPoint its zero-point initializer ({@code 464_zero_point})
     */
    public static byte[] apply(byte[] model, String quantized, String scale, String zeroPoint, int dimension) {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        string(node, 1, quantized);
        string(node, 1, scale);
        string(node, 1, zeroPoint);
        string(node, 2, OUTPUT);
        string(node, 3, "embedding_dequant");
        string(node, 4, "DequantizeLinear");

        // TypeProto{tensor_type{elem_type=FLOAT, shape{dim{dim_param "batch_size"}, dim{dim_value dimension}}}}
        ByteArrayOutputStream batchDim = new ByteArrayOutputStream();
        string(batchDim, 2, "batch_size");
        ByteArrayOutputStream featureDim = new ByteArrayOutputStream();
        varintField(featureDim, 1, dimension);
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        message(shape, 1, batchDim);
        message(shape, 1, featureDim);
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        varintField(tensorType, 1, 1);
        message(tensorType, 2, shape);
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        message(type, 1, tensorType);

        ByteArrayOutputStream valueInfo = new ByteArrayOutputStream();
        string(valueInfo, 1, OUTPUT);
        message(valueInfo, 2, type);

        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        message(graph, 1, node);
        message(graph, 12, valueInfo);

        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 160);
        out.writeBytes(model);
        message(out, 7, graph);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, int field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(out, (field << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void message(ByteArrayOutputStream out, int field, ByteArrayOutputStream body) {
        varint(out, (field << 3) | 2);
        varint(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, field << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
