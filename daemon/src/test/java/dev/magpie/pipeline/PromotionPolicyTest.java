package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.learn.Metrics;
import dev.magpie.learn.ModelSummary;
import dev.magpie.learn.TrainingResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {

    private final PromotionPolicy policy = new PromotionPolicy(0.02);

    @Test
    void firstModelIsPromoted() {
        PromotionPolicy.Decision decision = policy.decide(result(0.80, Optional.empty(), Optional.empty()));
        assertThat(decision.promote()).isTrue();
        assertThat(decision.reason()).isEqualTo("first model");
    }

    @Test
    void slightlyWorseOnTheSameImagesIsStillPromoted() {
        assertThat(policy.decide(result(0.79, Optional.of(previous()), Optional.of(metrics(0.80)))).promote()).isTrue();
    }

    @Test
    void muchWorseOnTheSameImagesKeepsTheCurrentModelAndSaysWhy() {
        PromotionPolicy.Decision decision = policy.decide(result(0.70, Optional.of(previous()), Optional.of(metrics(0.80))));
        assertThat(decision.promote()).isFalse();
        assertThat(decision.reason()).contains("macro-F1 0.700 vs 0.800 for v0001").contains("v0001 stays");
    }

    @Test
    void changedLabelsArePromotedBecauseNothingIsComparable() {
        PromotionPolicy.Decision decision = policy.decide(result(0.50, Optional.of(previous()), Optional.empty()));
        assertThat(decision.promote()).isTrue();
        assertThat(decision.reason()).startsWith("labels changed since v0001");
    }

    private static ModelSummary previous() {
        return new ModelSummary("v0001", true, "2026-11-22T00:00:00Z", List.of("a", "b"), 10, 0.8, 0.8, 0.8);
    }

    private static TrainingResult result(double macroF1, Optional<ModelSummary> previous, Optional<Metrics> before) {
        return new TrainingResult("v0002", metrics(macroF1), null, previous, before);
    }

    private static Metrics metrics(double macroF1) {
        return new Metrics(List.of("a", "b"), 10, 0.5, macroF1, macroF1, macroF1, new int[2][2], List.of());
    }
}
