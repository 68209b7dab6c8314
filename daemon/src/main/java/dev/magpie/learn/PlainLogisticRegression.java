package dev.magpie.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * The Teachable Machine recipe as a baseline: multinomial logistic regression on the raw (un-normalised,
 * un-augmented) embeddings, no class weights, L2 penalty lambda = 1 / n_train.
 * <p>
 * Regularisation mapping: {@link SoftmaxRegression} minimises {@code mean CE + (l2 / 2) ||W||^2} and is given
 * {@code l2 = 1 / n_train}. In scikit-learn's terms ({@code C * sum CE + ||W||^2 / 2}) that is {@code C = 1}; in
 * liblinear's the same. The bias is not penalised. Fitted by mini-batch AdaGrad (same solver as the head), so it
 * reaches the optimum approximately, not exactly.
 */
public final class PlainLogisticRegression implements BaselineClassifier {

    private final int epochs;
    private final long seed;
    private LinearHead head;

    public PlainLogisticRegression(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    public PlainLogisticRegression() {
        this(30, 42L);
    }

    @Override
    public void fit(float[][] embeddings, int[] labelIndex, int labelCount) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < labelCount; c++) {
            names.add("label_" + c);
        }
        float[] weight = new float[embeddings.length];
        java.util.Arrays.fill(weight, 1f);
        double lambda = 1.0 / embeddings.length;
        head = new SoftmaxRegression(epochs, 0.05, 8, lambda, seed)
                .fit(embeddings, labelIndex, weight, names, false, ProgressListener.NONE);
    }

    @Override
    public int predict(float[] embedding) {
        return Embeddings.argmax(head.probabilities(embedding));
    }

    @Override
    public String name() {
        return "plain-lr";
    }
}
