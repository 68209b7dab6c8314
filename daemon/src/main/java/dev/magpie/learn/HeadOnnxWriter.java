package dev.magpie.learn;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a {@link LinearHead} as a standalone ONNX model: input {@code embedding} float [N, width], output
 * {@code probabilities} float [N, labels]. The graph holds the L2 normalisation too, so backbone + head.onnx run
 * in any ONNX runtime without Magpie.
 * <p>
 * Built with Tribuo's {@link ONNXContext} rather than Tribuo's own export: that export sizes the input to the features
 * seen in training (a dimension that is zero on every row would silently vanish) and has no normalisation step.
 * The bytes depend only on the head, never on the clock, so equal heads give equal files.
 */
public final class HeadOnnxWriter {

    public static final String INPUT_NAME = "embedding";
    public static final String OUTPUT_NAME = "probabilities";
    /** Opset 13: Gemm, Pow, Div and Softmax(axis) as used here; every ORT since 1.7 runs it. */
    static final long OPSET = 13;
    static final long IR_VERSION = 7;

    public byte[] write(LinearHead head) {
        int width = head.inputWidth();
        int labels = head.labelCount();
        ONNXContext onnx = new ONNXContext();
        onnx.setName("magpie_head");
        ONNXPlaceholder input = onnx.floatInput(INPUT_NAME, width);
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT_NAME, labels);

        ONNXRef<?> features = input;
        if (head.normalisesInput()) {
            features = l2Normalise(onnx, input, width);
        }
        ONNXInitializer weights = onnx.floatTensor("head_weights", List.of(width, labels), fb -> {
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < labels; c++) {
                    fb.put(head.weights()[c][j]);
                }
            }
        });
        ONNXInitializer bias = onnx.array("head_bias", head.bias());
        ONNXNode logits = features.apply(ONNXOperators.GEMM, Arrays.asList(weights, bias));
        logits.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1)).assignTo(output);

        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setGraph(onnx.buildGraph())
                .setIrVersion(IR_VERSION)
                .setProducerName("magpie")
                .setDomain("dev.magpie.learn")
                .setModelVersion(1)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                        .setKey("labels").setValue(String.join(",", head.labelNames())))
                .build();
        return model.toByteArray();
    }

    /** x / sqrt(sum(x^2) + eps); the row sum is a Gemm with a ones column to avoid ReduceSum's opset-dependent axes. */
    private static ONNXNode l2Normalise(ONNXContext onnx, ONNXPlaceholder input, int width) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        ONNXInitializer onesColumn = onnx.floatTensor("ones_column", List.of(width, 1), fb -> fb.put(ones));
        ONNXNode squares = input.apply(ONNXOperators.MUL, input);
        ONNXNode sumOfSquares = squares.apply(ONNXOperators.GEMM, onesColumn);
        ONNXNode padded = sumOfSquares.apply(ONNXOperators.ADD, onnx.constant("norm_epsilon", Embeddings.NORM_EPSILON));
        ONNXNode norm = padded.apply(ONNXOperators.POW, onnx.constant("half", 0.5f));
        return input.apply(ONNXOperators.DIV, norm);
    }
}
