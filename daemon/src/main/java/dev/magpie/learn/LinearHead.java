package dev.magpie.learn;

import java.util.List;

/**
 * The trained head in plain Java: {@code softmax(W · x' + b)} where {@code x'} is the L2-normalised embedding when
 * {@code normalisesInput}. {@link HeadOnnxWriter} writes the same computation as head.onnx; tests hold the two equal.
 *
 * @param labelNames output column order
 * @param weights    [labels][embedding width]
 * @param bias       [labels]
 */
public record LinearHead(List<String> labelNames, float[][] weights, float[] bias, boolean normalisesInput) {

    public LinearHead {
        labelNames = List.copyOf(labelNames);
        if (weights.length != labelNames.size() || bias.length != labelNames.size()) {
            throw new IllegalArgumentException("weights/bias rows must match the " + labelNames.size() + " labels");
        }
    }

    public int inputWidth() {
        return weights[0].length;
    }

    public int labelCount() {
        return labelNames.size();
    }

    public float[] probabilities(float[] embedding) {
        if (embedding.length != inputWidth()) {
            throw new IllegalArgumentException("embedding width " + embedding.length + ", head expects " + inputWidth());
        }
        float[] x = normalisesInput ? Embeddings.l2Normalised(embedding) : embedding;
        double[] logits = new double[weights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            logits[c] = Embeddings.dot(weights[c], x) + bias[c];
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max); // shifted by the max so exp never overflows
            sum += logits[c];
        }
        float[] p = new float[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) (logits[c] / sum);
        }
        return p;
    }

    public float[][] probabilities(float[][] embeddings) {
        float[][] out = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            out[i] = probabilities(embeddings[i]);
        }
        return out;
    }
}
