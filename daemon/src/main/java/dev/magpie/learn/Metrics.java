package dev.magpie.learn;

import java.util.List;

/**
 * Held-out evaluation of a head, serialised as metrics.json.
 *
 * @param labels            label order for {@code perLabel} and both axes of {@code confusionMatrix}
 * @param heldOutRows       rows evaluated
 * @param threshold         the probability at which per-label precision/recall/F1 were taken
 * @param accuracy          share of rows whose top label is right
 * @param macroF1           mean of the per-label F1 at {@code threshold}
 * @param meanAveragePrecision mean AP over labels that have at least one held-out row
 * @param confusionMatrix   [true label][top predicted label] counts
 * @param perLabel          one entry per label, in {@code labels} order
 */
public record Metrics(List<String> labels, int heldOutRows, double threshold, double accuracy, double macroF1,
                      double meanAveragePrecision, int[][] confusionMatrix, List<LabelMetrics> perLabel) {

    /**
     * One label against the rest, scored by that label's probability.
     *
     * @param support            held-out rows of this label
     * @param precision          at the metrics' threshold (0 when nothing reaches it)
     * @param averagePrecision   sum over thresholds of (recall step x precision), as scikit-learn; 0 without support
     * @param suggestedThreshold highest recall with precision >= 0.95, else the best-F1 threshold
     * @param curve              precision and recall at every distinct threshold
     */
    public record LabelMetrics(String label, int support, double precision, double recall, double f1,
                               double averagePrecision, double suggestedThreshold, PrecisionRecallCurve curve) {
    }

    /**
     * Parallel arrays in ascending threshold order; point k counts a row positive when its score >= threshold[k].
     * Compact on purpose: the web UI's threshold slider reads it.
     */
    public record PrecisionRecallCurve(double[] threshold, double[] precision, double[] recall) {

        /** A point of the curve: precision and recall when rows scoring at least {@code threshold} count positive. */
        public record Point(double threshold, double precision, double recall) {
            public double f1() {
                return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            }
        }

        /**
         * Precision and recall at any threshold, read off the stored curve: the curve point with the smallest
         * threshold at or above {@code t} counts exactly the rows a threshold of {@code t} would. Above every score
         * nothing is positive: precision is reported as 1 (no false alarms) and recall as 0.
         */
        public Point at(double t) {
            for (int k = 0; k < threshold.length; k++) {
                if (threshold[k] >= t) {
                    return new Point(t, precision[k], recall[k]);
                }
            }
            return new Point(t, 1.0, 0.0);
        }
    }
}
