package dev.magpie.rules;

import dev.magpie.learn.Prediction;
import dev.magpie.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.magpie.rules.Frames.known;
import static dev.magpie.rules.Frames.says;
import static dev.magpie.rules.Frames.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneStateMachineTest {

    private final FakeClock clock = new FakeClock();
    private final List<ZoneEvent> events = new ArrayList<>();
    private final List<ZoneState> states = new ArrayList<>();
    private int frame;

    /** Bird feeder: a bird alerts at 0.6, clears below 0.5, three frames either way. */
    private ZoneStateMachine feeder(LabelRule... extra) {
        List<LabelRule> rules = new ArrayList<>(List.of(LabelRule.alerting("bird", 0.6)));
        rules.addAll(List.of(extra));
        return new ZoneStateMachine(new ZoneRules("feeder", Debounce.frames(3), rules), clock);
    }

    /** Feeds {@code n} frames one second apart. */
    private void feed(ZoneStateMachine zone, Prediction prediction, int n) {
        for (int i = 0; i < n; i++) {
            frame++;
            Optional<Transition> t = zone.observe(prediction, "snap-" + frame);
            t.ifPresent(tr -> {
                events.addAll(tr.events());
                tr.state().ifPresent(states::add);
            });
            clock.advanceSeconds(1);
        }
    }

    private List<String> eventSummary() {
        List<String> out = new ArrayList<>();
        for (ZoneEvent e : events) {
            out.add(e.type() + " " + e.label());
        }
        return out;
    }

    @Test
    void birdArrivalIsOneStartAndDepartureIsOneEndWithItsDuration() {
        ZoneStateMachine zone = feeder();
        Instant t0 = clock.instant();

        feed(zone, says("None", 0.95, "bird"), 3);
        feed(zone, says("bird", 0.9, "None"), 10);
        feed(zone, says("None", 0.95, "bird"), 5);

        assertThat(eventSummary()).containsExactly("START bird", "END bird");
        ZoneEvent start = events.get(0);
        ZoneEvent end = events.get(1);
        assertThat(start.time()).as("arrival is the first bird frame").isEqualTo(t0.plusSeconds(3));
        assertThat(start.snapshotId()).as("the frame that decided it").isEqualTo("snap-6");
        assertThat(start.zone()).isEqualTo("feeder");
        assertThat(start.model()).isEqualTo(Frames.MODEL);
        assertThat(start.confidence()).isEqualTo(0.9);
        assertThat(end.time()).as("departure is the first frame without the bird").isEqualTo(t0.plusSeconds(13));
        assertThat(end.durationMillis()).isEqualTo(10_000);
        assertThat(end.snapshotId()).isNull();
        assertThat(states).extracting(ZoneState::label).containsExactly("None", "bird", "None");
    }

    @Test
    void aBirdSeenForManyFramesRaisesOneStartNotOnePerFrame() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("bird", 0.9, "None"), 200);

        assertThat(eventSummary()).containsExactly("START bird");
        assertThat(zone.openIncidents()).containsExactly("bird");
    }

    @Test
    void oneNoisyFrameDoesNotStartAnAlert() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("None", 0.9, "bird"), 5);
        feed(zone, says("bird", 0.95, "None"), 1);
        feed(zone, says("None", 0.9, "bird"), 5);
        feed(zone, says("bird", 0.95, "None"), 2);
        feed(zone, says("None", 0.9, "bird"), 5);

        assertThat(events).isEmpty();
        assertThat(states).extracting(ZoneState::label).containsExactly("None");
    }

    @Test
    void oneNoisyFrameDoesNotEndAnIncident() {
        ZoneStateMachine zone = shelf();

        feed(zone, says("stocked", 0.9, "empty"), 3);
        feed(zone, says("empty", 0.9, "stocked"), 5);
        feed(zone, says("stocked", 0.9, "empty"), 1);
        feed(zone, says("empty", 0.9, "stocked"), 5);
        feed(zone, says("stocked", 0.9, "empty"), 2);
        feed(zone, says("empty", 0.9, "stocked"), 5);

        assertThat(eventSummary()).containsExactly("START empty");
    }

    private ZoneStateMachine shelf() {
        return new ZoneStateMachine(new ZoneRules("shelf3", Debounce.frames(3),
                List.of(LabelRule.alerting("empty", 0.7), LabelRule.silent("stocked", 0.5))), clock);
    }

    @Test
    void stockedToEmptyOpensAnIncidentAndRestockingClosesIt() {
        ZoneStateMachine zone = shelf();

        feed(zone, says("stocked", 0.9, "empty"), 4);
        feed(zone, says("empty", 0.85, "stocked"), 30);
        feed(zone, says("stocked", 0.9, "empty"), 4);

        assertThat(eventSummary()).containsExactly("START empty", "END empty");
        assertThat(events.get(1).durationMillis()).isEqualTo(30_000);
        assertThat(states).extracting(ZoneState::label).containsExactly("stocked", "empty", "stocked");
        assertThat(zone.state()).get().extracting(ZoneState::label).isEqualTo("stocked");
    }

    @Test
    void aSilentLabelShowsInTheStateButNeverAlerts() {
        ZoneStateMachine zone = shelf();

        feed(zone, says("empty", 0.9, "stocked"), 1);
        feed(zone, says("stocked", 0.99, "empty"), 10);

        assertThat(events).isEmpty();
        assertThat(zone.state()).get().extracting(ZoneState::label).isEqualTo("stocked");
    }

    @Test
    void aScoreBetweenClearAndThresholdKeepsAnOpenIncidentOpen() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("bird", 0.8, "None"), 3);
        // Hovering at 0.55: below the 0.6 threshold, above the 0.5 clear threshold.
        feed(zone, says("bird", 0.55, "None"), 20);
        assertThat(eventSummary()).containsExactly("START bird");

        feed(zone, says("None", 0.55, "bird"), 3);
        assertThat(eventSummary()).containsExactly("START bird", "END bird");
    }

    @Test
    void aScoreBetweenClearAndThresholdDoesNotStartAnIncident() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("bird", 0.58, "None"), 20);

        assertThat(events).isEmpty();
    }

    @Test
    void aScoreFlickeringAcrossTheThresholdRaisesOneStartAndNoEnd() {
        ZoneStateMachine zone = feeder();

        for (int i = 0; i < 20; i++) {
            feed(zone, says("bird", 0.62, "None"), 3);
            feed(zone, says("bird", 0.58, "None"), 1);
        }

        assertThat(eventSummary()).containsExactly("START bird");
    }

    @Test
    void durationDebounceStartsOnlyOnceTheLabelHeldThatLong() {
        ZoneStateMachine zone = new ZoneStateMachine(new ZoneRules("shelf3", Debounce.IMMEDIATE, List.of(
                LabelRule.alerting("empty", 0.7).withStart(Debounce.held(Duration.ofSeconds(30)))
                        .withEnd(Debounce.held(Duration.ofSeconds(10))))), clock);
        Instant t0 = clock.instant();

        // A shopper blocks the camera for 20 s at 2 frames a second: no incident.
        for (int i = 0; i < 40; i++) {
            observe(zone, says("empty", 0.9, "stocked"));
            clock.advance(Duration.ofMillis(500));
        }
        observe(zone, says("stocked", 0.9, "empty"));
        assertThat(events).isEmpty();

        Instant emptySince = clock.instant();
        while (events.isEmpty()) {
            observe(zone, says("empty", 0.9, "stocked"));
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(events.get(0).type()).isEqualTo(ZoneEvent.Type.START);
        assertThat(events.get(0).time()).isEqualTo(emptySince);
        assertThat(clock.instant()).isEqualTo(emptySince.plusSeconds(30).plusMillis(500));
        assertThat(t0).isBefore(emptySince);
    }

    private void observe(ZoneStateMachine zone, Prediction prediction) {
        zone.observe(prediction, "snap").ifPresent(t -> events.addAll(t.events()));
    }

    @Test
    void noNewStartWithinTheCooldownAfterAnEnd() {
        ZoneStateMachine zone = feeder(LabelRule.alerting("squirrel", 0.6).withCooldown(Duration.ofSeconds(60)));

        feed(zone, says("squirrel", 0.9, "None"), 5);
        feed(zone, says("None", 0.9, "squirrel"), 3);
        assertThat(eventSummary()).containsExactly("START squirrel", "END squirrel");
        Instant endedAt = events.get(1).time();

        // Back within the minute: counts as the same visit, no alert.
        feed(zone, says("squirrel", 0.9, "None"), 40);
        assertThat(eventSummary()).hasSize(2);

        // Still there once the cooldown is over: a new run of three frames starts it.
        feed(zone, says("squirrel", 0.9, "None"), 30);
        assertThat(eventSummary()).containsExactly("START squirrel", "END squirrel", "START squirrel");
        assertThat(events.get(2).time()).isEqualTo(endedAt.plusSeconds(60));
    }

    @Test
    void cooldownIsPerLabel() {
        ZoneStateMachine zone = feeder(LabelRule.alerting("squirrel", 0.6).withCooldown(Duration.ofMinutes(10)));

        feed(zone, says("squirrel", 0.9, "None"), 3);
        feed(zone, says("None", 0.9, "squirrel"), 3);
        feed(zone, says("bird", 0.9, "None"), 3);

        assertThat(eventSummary()).containsExactly("START squirrel", "END squirrel", "START bird");
    }

    @Test
    void twoAlertingLabelsCanBeOpenAtOnce() {
        ZoneStateMachine zone = new ZoneStateMachine(new ZoneRules("feeder", Debounce.frames(3),
                List.of(LabelRule.alerting("robin", 0.35), LabelRule.alerting("goldfinch", 0.35))), clock);

        feed(zone, known("robin", 0.5, "goldfinch", 0.45, "None", 0.05), 3);
        assertThat(eventSummary()).containsExactly("START robin", "START goldfinch");

        feed(zone, known("goldfinch", 0.9, "robin", 0.05, "None", 0.05), 3);
        assertThat(eventSummary()).containsExactly("START robin", "START goldfinch", "END robin");
        assertThat(zone.openIncidents()).containsExactly("goldfinch");
    }

    @Test
    void oneLabelReplacingAnotherEndsTheFirstBeforeStartingTheSecond() {
        ZoneStateMachine zone = new ZoneStateMachine(new ZoneRules("feeder", Debounce.IMMEDIATE, List.of(
                LabelRule.alerting("robin", 0.6).withStart(Debounce.IMMEDIATE).withEnd(Debounce.IMMEDIATE),
                LabelRule.alerting("goldfinch", 0.6).withStart(Debounce.IMMEDIATE).withEnd(Debounce.IMMEDIATE))), clock);

        zone.observe(says("robin", 0.9, "goldfinch"), "a");
        Transition t = zone.observe(says("goldfinch", 0.9, "robin"), "b").orElseThrow();

        assertThat(t.events()).extracting(e -> e.type() + " " + e.label()).containsExactly("END robin", "START goldfinch");
        assertThat(t.state()).get().extracting(ZoneState::label).isEqualTo("goldfinch");
    }

    @Test
    void unknownFramesNeverStartAnAlertEvenWithAHighScore() {
        ZoneStateMachine zone = feeder();

        feed(zone, unknown("bird", 0.97, "None", 0.03), 20);

        assertThat(events).isEmpty();
        assertThat(zone.state()).get().extracting(ZoneState::label).isEqualTo(ZoneStateMachine.UNKNOWN);
        assertThat(zone.state().get().confidence()).isEqualTo(0.97);
    }

    @Test
    void unknownFramesHeldLongEnoughEndAnIncident() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("bird", 0.9, "None"), 3);
        feed(zone, unknown("bird", 0.9, "None", 0.1), 2);
        assertThat(eventSummary()).containsExactly("START bird");

        feed(zone, unknown("bird", 0.9, "None", 0.1), 1);
        assertThat(eventSummary()).containsExactly("START bird", "END bird");
    }

    @Test
    void raisingTheThresholdAtRuntimeStopsFramesBelowItFromStarting() {
        ZoneStateMachine zone = feeder();
        zone.setThreshold("bird", 0.85);

        feed(zone, says("bird", 0.8, "None"), 10);
        assertThat(events).isEmpty();

        zone.setThreshold("bird", 0.75);
        feed(zone, says("bird", 0.8, "None"), 3);
        assertThat(eventSummary()).containsExactly("START bird");
    }

    @Test
    void raisingTheThresholdDuringAnIncidentEndsItWhenScoresFallBelowTheNewClearThreshold() {
        ZoneStateMachine zone = feeder();
        feed(zone, says("bird", 0.7, "None"), 3);

        zone.setThreshold("bird", 0.9);
        assertThat(zone.rules().get("bird").clearThreshold()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        feed(zone, says("bird", 0.7, "None"), 3);

        assertThat(eventSummary()).containsExactly("START bird", "END bird");
    }

    @Test
    void settingTheThresholdOfALabelWithoutARuleIsRefused() {
        ZoneStateMachine zone = feeder();

        assertThatThrownBy(() -> zone.setThreshold("owl", 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owl").hasMessageContaining("bird");
    }

    @Test
    void silencingALabelLetsItsOpenIncidentEndButStartsNoNewOne() {
        ZoneStateMachine zone = feeder();
        feed(zone, says("bird", 0.9, "None"), 3);

        zone.setRule(zone.rules().get("bird").withAlert(false));
        feed(zone, says("None", 0.9, "bird"), 3);
        feed(zone, says("bird", 0.9, "None"), 10);

        assertThat(eventSummary()).containsExactly("START bird", "END bird");
    }

    @Test
    void everyEventHasItsOwnId() {
        ZoneStateMachine zone = feeder();
        for (int i = 0; i < 10; i++) {
            feed(zone, says("bird", 0.9, "None"), 3);
            feed(zone, says("None", 0.9, "bird"), 3);
        }

        Set<String> ids = new HashSet<>();
        for (ZoneEvent e : events) {
            ids.add(e.id());
        }
        assertThat(events).hasSize(20);
        assertThat(ids).hasSize(20);
    }

    @Test
    void endingOpenIncidentsOnShutdownClosesEachOnceWithItsDuration() {
        ZoneStateMachine zone = feeder();
        Instant arrived = clock.instant();
        feed(zone, says("bird", 0.9, "None"), 5);

        List<ZoneEvent> ended = zone.endOpenIncidents(clock.instant(), "v7");

        assertThat(ended).extracting(ZoneEvent::type, ZoneEvent::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ZoneEvent.Type.END, "bird"));
        assertThat(ended.get(0).durationMillis()).isEqualTo(Duration.between(arrived, clock.instant()).toMillis());
        assertThat(zone.openIncidents()).isEmpty();
        assertThat(zone.endOpenIncidents(clock.instant(), "v7")).isEmpty();
    }

    @Test
    void theZoneStateChangesOnlyAfterItsOwnDebounce() {
        ZoneStateMachine zone = feeder();

        feed(zone, says("None", 0.9, "bird"), 2);
        assertThat(zone.state()).isEmpty();
        feed(zone, says("None", 0.9, "bird"), 1);
        assertThat(zone.state()).get().extracting(ZoneState::label).isEqualTo("None");
        assertThat(zone.state().get().since()).isEqualTo(clock.instant().minusSeconds(3));
    }
}
