package dev.magpie.learn;

import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a frame belongs to one of the labels at all. Softmax always sums to 1, so a frame unlike every
 * label still gets a confident-looking winner; this rule also asks how far the frame lies from that label's training
 * rows. Saved as openset.json next to head.onnx.
 *
 * @param labelNames    label order, as the head's
 * @param centroids     per label, the unit-length mean of its L2-normalised training embeddings
 * @param maxDistance   per label, the cosine distance beyond which a frame is not that label: a high percentile of
 *                      the label's own training distances times a margin
 * @param minConfidence below this top probability the answer is unknown
 */
public record OpenSetRule(List<String> labelNames, float[][] centroids, double[] maxDistance, double minConfidence) {

    /** Why a frame got the answer it got. */
    public enum Reason { ACCEPTED, LOW_CONFIDENCE, FAR_FROM_LABEL }

    /**
     * @param label       the label, or null when unknown
     * @param topLabel    the head's best label even when rejected (for the inbox)
     * @param confidence  the head's top probability
     * @param distance    cosine distance from the top label's centroid
     */
    public record Decision(String label, String topLabel, Reason reason, double confidence, double distance) {
        public boolean known() {
            return reason == Reason.ACCEPTED;
        }
    }

    public OpenSetRule {
        labelNames = List.copyOf(labelNames);
        if (centroids.length != labelNames.size() || maxDistance.length != labelNames.size()) {
            throw new IllegalArgumentException("centroids and distances must match the " + labelNames.size() + " labels");
        }
    }

    /**
     * Fits the rule on training rows (not augmented views: those are deliberately distorted).
     *
     * @param percentile of each label's own distances, e.g. 0.95
     * @param margin     multiplies that percentile, e.g. 1.5, so near-typical frames are not rejected
     */
    public static OpenSetRule fit(TrainingSet set, double percentile, double margin, double minConfidence) {
        int labels = set.labelCount();
        int width = set.width();
        float[][] unit = new float[set.rows()][];
        double[][] sums = new double[labels][width];
        int[] counts = new int[labels];
        for (int i = 0; i < set.rows(); i++) {
            unit[i] = Embeddings.l2Normalised(set.embeddings()[i]);
            int y = set.labelIndex()[i];
            counts[y]++;
            for (int j = 0; j < width; j++) {
                sums[y][j] += unit[i][j];
            }
        }
        float[][] centroids = new float[labels][width];
        double[] maxDistance = new double[labels];
        for (int c = 0; c < labels; c++) {
            float[] mean = new float[width];
            for (int j = 0; j < width; j++) {
                mean[j] = (float) (sums[c][j] / Math.max(1, counts[c]));
            }
            centroids[c] = Embeddings.l2Normalised(mean);
            double[] distances = new double[counts[c]];
            int k = 0;
            for (int i = 0; i < set.rows(); i++) {
                if (set.labelIndex()[i] == c) {
                    distances[k++] = Embeddings.cosineDistance(unit[i], centroids[c]);
                }
            }
            // A label with no rows accepts nothing; with one row, the margin over distance 0 would accept nothing
            // either, so a floor keeps a freshly created label usable.
            maxDistance[c] = counts[c] == 0 ? 0.0 : Math.max(MIN_DISTANCE, percentileOf(distances, percentile) * margin);
        }
        return new OpenSetRule(set.labelNames(), centroids, maxDistance, minConfidence);
    }

    /** Cosine distance accepted at least, whatever the training spread: near-duplicates differ by about 0.01. */
    static final double MIN_DISTANCE = 0.05;

    public Decision decide(float[] embedding, float[] probabilities) {
        int top = Embeddings.argmax(probabilities);
        double confidence = probabilities[top];
        double distance = Embeddings.cosineDistance(Embeddings.l2Normalised(embedding), centroids[top]);
        String topLabel = labelNames.get(top);
        if (confidence < minConfidence) {
            return new Decision(null, topLabel, Reason.LOW_CONFIDENCE, confidence, distance);
        }
        if (distance > maxDistance[top]) {
            return new Decision(null, topLabel, Reason.FAR_FROM_LABEL, confidence, distance);
        }
        return new Decision(topLabel, topLabel, Reason.ACCEPTED, confidence, distance);
    }

    /** Linear interpolation between order statistics (NumPy's default). */
    static double percentileOf(double[] values, double fraction) {
        if (values.length == 0) {
            return 0.0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = fraction * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
