package dev.magpie.learn;

/**
 * The shape every accuracy-benchmark contender shares: fit on embeddings, then predict one. Not thread-safe during
 * {@code fit}.
 */
public interface BaselineClassifier {

    void fit(float[][] embeddings, int[] labelIndex, int labelCount);

    /** Index of the predicted label. */
    int predict(float[] embedding);

    /** A short name for benchmark tables. */
    String name();
}
