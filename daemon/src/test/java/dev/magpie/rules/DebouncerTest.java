package dev.magpie.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DebouncerTest {

    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void changesAfterNConsecutiveEqualResults() {
        Debouncer<String> d = Debouncer.uniform(Debounce.frames(3));

        assertThat(d.observe("bird", at(0))).isEmpty();
        assertThat(d.observe("bird", at(1))).isEmpty();
        assertThat(d.observe("bird", at(2))).contains("bird");
        assertThat(d.stable()).contains("bird");
        assertThat(d.stableSince()).contains(at(0));
    }

    @Test
    void aDifferentResultRestartsTheCount() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> Debounce.frames(3));

        d.observe("bird", at(1));
        d.observe("bird", at(2));
        d.observe("None", at(3));
        assertThat(d.observe("bird", at(4))).isEmpty();
        assertThat(d.observe("bird", at(5))).isEmpty();
        assertThat(d.observe("bird", at(6))).contains("bird");
        assertThat(d.stableSince()).contains(at(4));
    }

    @Test
    void theStableValueRepeatedIsNoChange() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> Debounce.IMMEDIATE);

        assertThat(d.observe("None", at(1))).isEmpty();
        assertThat(d.observe("bird", at(2))).contains("bird");
        assertThat(d.observe("bird", at(3))).isEmpty();
    }

    @Test
    void durationDebounceNeedsTheResultHeldThatLongWhateverTheFrameCount() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> Debounce.held(Duration.ofSeconds(5)));

        assertThat(d.observe("bird", at(10))).isEmpty();
        assertThat(d.observe("bird", at(12))).isEmpty();
        assertThat(d.observe("bird", at(14))).isEmpty();
        assertThat(d.observe("bird", at(15))).contains("bird");
        assertThat(d.stableSince()).contains(at(10));
    }

    @Test
    void withFramesAndDurationBothMustBeMet() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> new Debounce(3, Duration.ofSeconds(5)));

        d.observe("bird", at(0));
        assertThat(d.observe("bird", at(6))).as("held 6 s but only 2 frames").isEmpty();
        assertThat(d.observe("bird", at(7))).contains("bird");
    }

    @Test
    void requirementDependsOnTheValueSwitchedTo() {
        // Quick to raise, slow to drop: one frame to turn on, three to turn off.
        Debouncer<Boolean> d = new Debouncer<>(false, T0, on -> on ? Debounce.IMMEDIATE : Debounce.frames(3));

        assertThat(d.observe(true, at(1))).contains(true);
        assertThat(d.observe(false, at(2))).isEmpty();
        assertThat(d.observe(false, at(3))).isEmpty();
        assertThat(d.observe(false, at(4))).contains(false);
    }

    @Test
    void startsWithNoStableValue() {
        Debouncer<String> d = Debouncer.uniform(Debounce.frames(2));

        assertThat(d.stable()).isEmpty();
        d.observe("a", at(0));
        assertThat(d.stable()).isEmpty();
    }

    @Test
    void aFrameFromThePastDoesNotLengthenTheRun() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> Debounce.held(Duration.ofSeconds(5)));

        d.observe("bird", at(10));
        assertThat(d.observe("bird", at(2))).isEmpty();
    }

    @Test
    void settleSetsTheValueAndForgetsTheRunInProgress() {
        Debouncer<String> d = new Debouncer<>("None", T0, v -> Debounce.frames(2));
        d.observe("bird", at(1));

        d.settle("empty", at(2));
        assertThat(d.stable()).contains("empty");
        assertThat(d.observe("bird", at(3))).as("the earlier bird frame no longer counts").isEmpty();
    }
}
