package dev.magpie.rules;

import dev.magpie.learn.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LabelRuleTest {

    @Test
    void alertingRuleClearsATenthBelowItsThreshold() {
        LabelRule rule = LabelRule.alerting("bird", 0.6);

        assertThat(rule.alert()).isTrue();
        assertThat(rule.clearThreshold()).isCloseTo(0.5, within(1e-9));
        assertThat(rule.cooldown()).isZero();
    }

    @Test
    void newThresholdKeepsTheHysteresisGapAndNeverGoesBelowZero() {
        LabelRule rule = LabelRule.alerting("bird", 0.6).withClearThreshold(0.4);

        assertThat(rule.withThreshold(0.9).clearThreshold()).isCloseTo(0.7, within(1e-9));
        assertThat(rule.withThreshold(0.1).clearThreshold()).isZero();
    }

    @Test
    void defaultThresholdIsTheModelsSuggestionForTheLabel() {
        Metrics metrics = metrics(new Metrics.LabelMetrics("bird", 12, 0.9, 0.8, 0.85, 0.9, 0.73, null),
                new Metrics.LabelMetrics("None", 0, 0, 0, 0, 0, 0.2, null));

        assertThat(LabelRule.defaultThreshold(Optional.of(metrics), "bird")).isEqualTo(0.73);
        assertThat(LabelRule.defaultThreshold(Optional.of(metrics), "None")).as("no held-out rows: not measured")
                .isEqualTo(LabelRule.FALLBACK_THRESHOLD);
        assertThat(LabelRule.defaultThreshold(Optional.of(metrics), "owl")).isEqualTo(0.5);
        assertThat(LabelRule.defaultThreshold(Optional.empty(), "bird")).isEqualTo(0.5);
    }

    private static Metrics metrics(Metrics.LabelMetrics... perLabel) {
        return new Metrics(List.of("bird", "None"), 20, 0.5, 0.9, 0.8, 0.8, new int[2][2], List.of(perLabel));
    }

    @Test
    void clearThresholdAboveThresholdIsRefused() {
        assertThatThrownBy(() -> LabelRule.alerting("bird", 0.6).withClearThreshold(0.7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bird");
    }

    @Test
    void thresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> LabelRule.alerting("bird", 1.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelRule.alerting("bird", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeCooldownAndZeroFrameDebounceAreRefused() {
        assertThatThrownBy(() -> LabelRule.alerting("bird", 0.6).withCooldown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Debounce.frames(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoRulesForOneLabelInAZoneAreRefused() {
        assertThatThrownBy(() -> new ZoneRules("feeder", Debounce.IMMEDIATE,
                List.of(LabelRule.alerting("bird", 0.6), LabelRule.silent("bird", 0.5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two rules");
    }
}
