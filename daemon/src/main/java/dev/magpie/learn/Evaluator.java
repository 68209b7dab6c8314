package dev.magpie.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Scores a head's probabilities on held-out rows; pure arithmetic, no model inside. */
public final class Evaluator {

    /** Precision a suggested threshold must reach before it maximises recall (Custom Vision's "high precision"). */
    public static final double TARGET_PRECISION = 0.95;

    private final double threshold;

    /** @param threshold probability at which per-label precision, recall and F1 are taken, e.g. 0.5 */
    public Evaluator(double threshold) {
        this.threshold = threshold;
    }

    /**
     * @param probabilities [row][label] from the head
     * @param truth         true label index per row
     */
    public Metrics evaluate(float[][] probabilities, int[] truth, List<String> labels) {
        int n = truth.length;
        int c = labels.size();
        int[][] confusion = new int[c][c];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted = Embeddings.argmax(probabilities[i]);
            confusion[truth[i]][predicted]++;
            if (predicted == truth[i]) {
                correct++;
            }
        }
        List<Metrics.LabelMetrics> perLabel = new ArrayList<>();
        double f1Sum = 0;
        double apSum = 0;
        int labelsWithSupport = 0;
        for (int label = 0; label < c; label++) {
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = probabilities[i][label];
                positive[i] = truth[i] == label;
            }
            Metrics.LabelMetrics m = labelMetrics(labels.get(label), scores, positive);
            perLabel.add(m);
            f1Sum += m.f1();
            if (m.support() > 0) {
                apSum += m.averagePrecision();
                labelsWithSupport++;
            }
        }
        return new Metrics(List.copyOf(labels), n, threshold, n == 0 ? 0 : (double) correct / n, c == 0 ? 0 : f1Sum / c,
                labelsWithSupport == 0 ? 0 : apSum / labelsWithSupport, confusion, List.copyOf(perLabel));
    }

    Metrics.LabelMetrics labelMetrics(String label, double[] scores, boolean[] positive) {
        int n = scores.length;
        int support = 0;
        int tpAt = 0;
        int fpAt = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                support++;
            }
            if (scores[i] >= threshold) {
                if (positive[i]) {
                    tpAt++;
                } else {
                    fpAt++;
                }
            }
        }
        double precision = tpAt + fpAt == 0 ? 0 : (double) tpAt / (tpAt + fpAt);
        double recall = support == 0 ? 0 : (double) tpAt / support;
        double f1 = f1(precision, recall);

        // Walk the rows from the highest score down; each distinct score closes one curve point.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<double[]> points = new ArrayList<>(); // {threshold, precision, recall}, descending threshold
        double ap = 0;
        double previousRecall = 0;
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            if (k + 1 < n && scores[order[k + 1]] == scores[i]) {
                continue; // ties form one threshold
            }
            double p = (double) tp / (tp + fp);
            double r = support == 0 ? 0 : (double) tp / support;
            ap += (r - previousRecall) * p;
            previousRecall = r;
            points.add(new double[] {scores[i], p, r});
        }
        int m = points.size();
        double[] t = new double[m];
        double[] pr = new double[m];
        double[] rc = new double[m];
        for (int k = 0; k < m; k++) {
            double[] point = points.get(m - 1 - k);
            t[k] = point[0];
            pr[k] = point[1];
            rc[k] = point[2];
        }
        return new Metrics.LabelMetrics(label, support, precision, recall, f1, support == 0 ? 0 : ap,
                suggestThreshold(t, pr, rc), new Metrics.PrecisionRecallCurve(t, pr, rc));
    }

    /** Highest recall at precision >= 0.95; else best F1. Ties go to the higher threshold (fewer false alarms). */
    static double suggestThreshold(double[] t, double[] precision, double[] recall) {
        int best = -1;
        for (int k = 0; k < t.length; k++) {
            if (precision[k] >= TARGET_PRECISION && (best < 0 || recall[k] >= recall[best])) {
                best = k;
            }
        }
        if (best < 0 || recall[best] == 0) {
            best = -1;
            for (int k = 0; k < t.length; k++) {
                if (best < 0 || f1(precision[k], recall[k]) >= f1(precision[best], recall[best])) {
                    best = k;
                }
            }
        }
        return best < 0 ? 0.5 : t[best];
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
