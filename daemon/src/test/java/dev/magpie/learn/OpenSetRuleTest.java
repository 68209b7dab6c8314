package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpenSetRuleTest {

    private final SyntheticClusters clusters = new SyntheticClusters(21, 3, 0.5);
    private final TrainingSet training = clusters.set(60, 60, 60);
    private final LinearHead head = new HeadTrainer(HeadTrainingParameters.DEFAULTS).train(training, ProgressListener.NONE).head();
    private final OpenSetRule rule = OpenSetRule.fit(training, 0.95, 1.5, 0.5);

    @Test
    void inClusterPointsAreKnown() {
        int known = 0;
        TrainingSet probe = clusters.set(30, 30, 30);
        for (int i = 0; i < probe.rows(); i++) {
            OpenSetRule.Decision d = rule.decide(probe.embeddings()[i], head.probabilities(probe.embeddings()[i]));
            if (d.known() && d.label().equals(probe.labelNames().get(probe.labelIndex()[i]))) {
                known++;
            }
        }
        assertThat(known).isGreaterThanOrEqualTo(88);
    }

    @Test
    void farAwayPointIsUnknownEvenWhenTheHeadIsConfident() {
        for (int k = 0; k < 20; k++) {
            float[] stranger = clusters.stranger();
            OpenSetRule.Decision d = rule.decide(stranger, head.probabilities(stranger));
            assertThat(d.known()).isFalse();
            assertThat(d.label()).isNull();
            assertThat(d.topLabel()).isNotNull();
        }
    }

    @Test
    void lowConfidenceIsUnknownWithItsReason() {
        float[] member = clusters.sample(0);
        OpenSetRule.Decision d = rule.decide(member, new float[] {0.4f, 0.35f, 0.25f});
        assertThat(d.reason()).isEqualTo(OpenSetRule.Reason.LOW_CONFIDENCE);
    }

    @Test
    void farPointGivesFarFromLabelReason() {
        float[] stranger = clusters.stranger();
        OpenSetRule.Decision d = rule.decide(stranger, new float[] {0.98f, 0.01f, 0.01f});
        assertThat(d.reason()).isEqualTo(OpenSetRule.Reason.FAR_FROM_LABEL);
        assertThat(d.distance()).isGreaterThan(rule.maxDistance()[0]);
    }

    @Test
    void ruleSurvivesJsonRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper();
        OpenSetRule back = json.readValue(json.writeValueAsBytes(rule), OpenSetRule.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(rule);
    }

    @Test
    void percentileInterpolatesBetweenOrderStatistics() {
        assertThat(OpenSetRule.percentileOf(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
        assertThat(OpenSetRule.percentileOf(new double[] {1, 2, 3, 4, 5}, 0.95)).isEqualTo(4.8, org.assertj.core.api.Assertions.within(1e-12));
    }
}
