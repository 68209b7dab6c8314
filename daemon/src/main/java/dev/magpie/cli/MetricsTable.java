package dev.magpie.cli;

import dev.magpie.learn.Metrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints held-out metrics as a newcomer reads them: per label at a threshold, then the confusion matrix. */
final class MetricsTable {

    private MetricsTable() {
    }

    static void print(Metrics metrics, double threshold, PrintStream out) {
        out.printf(Locale.ROOT, "Held-out images: %d   accuracy %.3f   mean AP %.3f  (top label, no threshold)%n",
                metrics.heldOutRows(), metrics.accuracy(), metrics.meanAveragePrecision());
        out.printf(Locale.ROOT, "  %-24s %7s %9s %7s %6s %6s %10s%n", "label @ " + format(threshold), "support",
                "precision", "recall", "F1", "AP", "suggested");
        for (Metrics.LabelMetrics label : metrics.perLabel()) {
            Metrics.PrecisionRecallCurve.Point point = label.curve().at(threshold);
            // Above every score nothing is predicted: precision is undefined there, not perfect.
            String precision = point.recall() == 0 && point.precision() == 1.0 ? "n/a" : format3(point.precision());
            out.printf(Locale.ROOT, "  %-24s %7d %9s %7.3f %6.3f %6.3f %10s%n", label.label(), label.support(),
                    precision, point.recall(), point.f1(), label.averagePrecision(), format(label.suggestedThreshold()));
        }
        out.println("  A label counts as predicted when its probability reaches the threshold. Suggested: the threshold"
                + " with the most recall at precision >= 0.95, else the one with the best F1.");
        List<String> labels = metrics.labels();
        out.println("Confusion matrix, top label (rows: true label, columns: predicted):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-24s", ""));
        for (int j = 0; j < labels.size(); j++) {
            header.append(String.format(Locale.ROOT, " %6s", "#" + (j + 1)));
        }
        out.println(header);
        int[][] matrix = metrics.confusionMatrix();
        for (int i = 0; i < labels.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-24s", "#" + (i + 1) + " " + labels.get(i)));
            for (int j = 0; j < labels.size(); j++) {
                row.append(String.format(Locale.ROOT, " %6d", matrix[i][j]));
            }
            out.println(row);
        }
    }

    private static String format3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
