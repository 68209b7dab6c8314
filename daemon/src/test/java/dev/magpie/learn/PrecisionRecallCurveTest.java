package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionRecallCurveTest {

    @Test
    void readingTheCurveAtAThresholdMatchesRecomputingIt() {
        // Label 0 scores: positives 0.9, 0.6, 0.3; negatives 0.7, 0.2.
        float[][] probabilities = {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.3f, 0.7f}, {0.7f, 0.3f}, {0.2f, 0.8f}};
        int[] truth = {0, 0, 0, 1, 1};
        Metrics metrics = new Evaluator(0.5).evaluate(probabilities, truth, List.of("a", "b"));
        Metrics.PrecisionRecallCurve curve = metrics.perLabel().get(0).curve();

        // At 0.5: predicted positive 0.9, 0.6, 0.7 → 2 of 3 right, 2 of 3 positives found.
        assertThat(curve.at(0.5).precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(curve.at(0.5).recall()).isCloseTo(2 / 3.0, within(1e-9));
        // At 0.8: only 0.9 → precision 1, recall 1/3.
        assertThat(curve.at(0.8).precision()).isEqualTo(1.0);
        assertThat(curve.at(0.8).recall()).isCloseTo(1 / 3.0, within(1e-9));
        // Above every score nothing is positive.
        assertThat(curve.at(0.95).recall()).isZero();
        // The metrics' own threshold agrees with the curve.
        assertThat(metrics.perLabel().get(0).precision()).isCloseTo(curve.at(0.5).precision(), within(1e-9));
    }
}
