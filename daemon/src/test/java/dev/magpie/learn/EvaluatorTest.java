package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final double EPS = 1e-12;
    private final Evaluator evaluator = new Evaluator(0.5);

    // Two labels, four rows; worked by hand (and matching scikit-learn's average_precision_score):
    // row truth p(a) p(b)
    //  0    a   0.9  0.1
    //  1    b   0.8  0.2
    //  2    a   0.6  0.4
    //  3    b   0.3  0.7
    private final float[][] probabilities = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.6f, 0.4f}, {0.3f, 0.7f}};
    private final int[] truth = {0, 1, 0, 1};
    private final Metrics metrics = evaluator.evaluate(probabilities, truth, List.of("a", "b"));

    @Test
    void perLabelPrecisionRecallF1AtThresholdMatchHandComputedValues() {
        Metrics.LabelMetrics a = metrics.perLabel().get(0);
        assertThat(a.support()).isEqualTo(2);
        assertThat(a.precision()).isCloseTo(2.0 / 3, within(EPS)); // rows 0,1,2 reach 0.5; row 1 is wrong
        assertThat(a.recall()).isCloseTo(1.0, within(EPS));
        assertThat(a.f1()).isCloseTo(0.8, within(EPS));
        Metrics.LabelMetrics b = metrics.perLabel().get(1);
        assertThat(b.precision()).isCloseTo(1.0, within(EPS));
        assertThat(b.recall()).isCloseTo(0.5, within(EPS));
        assertThat(b.f1()).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void averagePrecisionSumsRecallStepsTimesPrecision() {
        // a: thresholds 0.9 (P 1, R .5), 0.8 (P .5, R .5), 0.6 (P 2/3, R 1), 0.3 (P .5, R 1) -> .5*1 + .5*2/3
        assertThat(metrics.perLabel().get(0).averagePrecision()).isCloseTo(0.5 + 1.0 / 3, within(EPS));
        assertThat(metrics.perLabel().get(1).averagePrecision()).isCloseTo(0.5 + 1.0 / 3, within(EPS));
        assertThat(metrics.meanAveragePrecision()).isCloseTo(0.5 + 1.0 / 3, within(EPS));
    }

    @Test
    void curveListsEveryDistinctThresholdAscending() {
        Metrics.PrecisionRecallCurve curve = metrics.perLabel().get(0).curve();
        assertThat(curve.threshold()).containsExactly(new double[] {0.3, 0.6, 0.8, 0.9}, within(1e-6));
        assertThat(curve.precision()).containsExactly(new double[] {0.5, 2.0 / 3, 0.5, 1.0}, within(EPS));
        assertThat(curve.recall()).containsExactly(new double[] {1.0, 1.0, 0.5, 0.5}, within(EPS));
    }

    @Test
    void confusionMatrixAccuracyAndMacroF1UseTopLabel() {
        assertThat(metrics.confusionMatrix()).isDeepEqualTo(new int[][] {{2, 0}, {1, 1}});
        assertThat(metrics.labels()).containsExactly("a", "b");
        assertThat(metrics.accuracy()).isCloseTo(0.75, within(EPS));
        assertThat(metrics.macroF1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(EPS));
    }

    @Test
    void suggestedThresholdIsHighestRecallAtPrecision95() {
        assertThat(metrics.perLabel().get(0).suggestedThreshold()).isCloseTo(0.9, within(1e-6));
        assertThat(metrics.perLabel().get(1).suggestedThreshold()).isCloseTo(0.7, within(1e-6));
    }

    @Test
    void tiedScoresFormOneThresholdAndBestF1IsSuggestedWhenPrecision95IsOutOfReach() {
        Metrics.LabelMetrics m = evaluator.labelMetrics("x", new double[] {0.7, 0.7, 0.2}, new boolean[] {true, false, true});
        assertThat(m.curve().threshold()).containsExactly(0.2, 0.7);
        // 0.7: P .5 R .5; 0.2: P 2/3 R 1 -> AP = .5*.5 + .5*2/3
        assertThat(m.averagePrecision()).isCloseTo(0.25 + 1.0 / 3, within(EPS));
        assertThat(m.suggestedThreshold()).isEqualTo(0.2); // F1 0.8 beats 0.5
    }

    @Test
    void labelWithoutHeldOutRowsIsLeftOutOfMeanAp() {
        Metrics m = evaluator.evaluate(new float[][] {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}}, new int[] {0, 1}, List.of("a", "b", "c"));
        assertThat(m.perLabel().get(2).support()).isZero();
        assertThat(m.meanAveragePrecision()).isCloseTo(1.0, within(EPS));
    }

    @Test
    void metricsSurviveJsonRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Metrics back = json.readValue(json.writeValueAsBytes(metrics), Metrics.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(metrics);
    }
}
