package dev.magpie.inbox;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.SplittableRandom;

import static dev.magpie.inbox.Predictions.known;
import static dev.magpie.inbox.Predictions.unknown;
import static org.assertj.core.api.Assertions.assertThat;

class UnsurePolicyTest {

    /** Floor 0.5, band 0.05 around a 0.8 threshold, margin 0.1, no sampling. */
    private final UnsurePolicy policy = new UnsurePolicy(new UnsureSettings(0.5, 0.05, 0.1, 0.0, true),
            label -> 0.8, new SplittableRandom(1));

    private Optional<KeepReason.Kind> kind(UnsurePolicy p, dev.magpie.learn.Prediction prediction) {
        return p.decide(prediction).map(KeepReason::kind);
    }

    @Test
    void aConfidentFrameFarFromEveryThresholdIsNotKept() {
        assertThat(policy.decide(known("bird", 0.95, "None", 0.05))).isEmpty();
    }

    @Test
    void topConfidenceBelowTheFloorIsKeptAsLowConfidence() {
        Optional<KeepReason> reason = policy.decide(known("bird", 0.41, "None", 0.30, "squirrel", 0.29));

        assertThat(reason).map(KeepReason::kind).contains(KeepReason.Kind.LOW_CONFIDENCE);
        assertThat(reason.get().detail()).isEqualTo("top-1 bird 0.41 < floor 0.50");
        assertThat(reason.get().toString()).startsWith("LOW_CONFIDENCE: ");
    }

    @Test
    void aScoreJustBelowOrAboveALabelsThresholdIsKeptAsNearThreshold() {
        assertThat(kind(policy, known("bird", 0.78, "None", 0.22))).contains(KeepReason.Kind.NEAR_THRESHOLD);
        assertThat(kind(policy, known("bird", 0.84, "None", 0.16))).contains(KeepReason.Kind.NEAR_THRESHOLD);
        assertThat(kind(policy, known("bird", 0.86, "None", 0.14))).isEmpty();
    }

    @Test
    void nearThresholdUsesEachLabelsOwnThreshold() {
        UnsurePolicy perLabel = new UnsurePolicy(new UnsureSettings(0.0, 0.05, 0.0, 0.0, true),
                label -> label.equals("empty") ? 0.3 : 0.9, new SplittableRandom(1));

        Optional<KeepReason> reason = perLabel.decide(known("stocked", 0.68, "empty", 0.32));

        assertThat(reason).map(KeepReason::kind).contains(KeepReason.Kind.NEAR_THRESHOLD);
        assertThat(reason.get().detail()).startsWith("empty 0.32");
    }

    @Test
    void twoLabelsCloseTogetherAreKeptAsSmallMargin() {
        UnsurePolicy marginOnly = new UnsurePolicy(new UnsureSettings(0.0, 0.0, 0.1, 0.0, true), l -> 0.5,
                new SplittableRandom(1));

        assertThat(kind(marginOnly, known("robin", 0.52, "goldfinch", 0.46, "None", 0.02)))
                .contains(KeepReason.Kind.SMALL_MARGIN);
        assertThat(kind(marginOnly, known("robin", 0.60, "goldfinch", 0.38, "None", 0.02))).isEmpty();
    }

    @Test
    void unknownFramesAreKeptUnlessTurnedOff() {
        assertThat(kind(policy, unknown("bird", 0.97, "None", 0.03))).contains(KeepReason.Kind.UNKNOWN);

        UnsurePolicy noUnknown = new UnsurePolicy(new UnsureSettings(0.5, 0.05, 0.1, 0.0, false), l -> 0.8,
                new SplittableRandom(1));
        assertThat(kind(noUnknown, unknown("bird", 0.97, "None", 0.03))).isEmpty();
    }

    @Test
    void randomSamplingKeepsAboutTheConfiguredShareOfConfidentFramesRepeatablyWithASeed() {
        UnsureSettings settings = new UnsureSettings(0.0, 0.0, 0.0, 0.1, true);
        UnsurePolicy a = new UnsurePolicy(settings, l -> 0.5, new SplittableRandom(42));
        UnsurePolicy b = new UnsurePolicy(settings, l -> 0.5, new SplittableRandom(42));

        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            Optional<KeepReason> ra = a.decide(known("bird", 0.99, "None", 0.01));
            assertThat(b.decide(known("bird", 0.99, "None", 0.01))).isEqualTo(ra);
            if (ra.isPresent()) {
                assertThat(ra.get().kind()).isEqualTo(KeepReason.Kind.RANDOM_SAMPLE);
                kept++;
            }
        }
        assertThat(kept).isBetween(900, 1100);
    }

    @Test
    void allRulesAtZeroKeepNothing() {
        UnsurePolicy off = new UnsurePolicy(new UnsureSettings(0, 0, 0, 0, false), l -> 0.5, new SplittableRandom(1));

        assertThat(off.decide(known("bird", 0.34, "None", 0.33, "x", 0.33))).isEmpty();
    }
}
