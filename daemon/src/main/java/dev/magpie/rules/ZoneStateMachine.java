package dev.magpie.rules;

import dev.magpie.learn.Prediction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One zone's rules: turns per-frame predictions into the zone's debounced state and into START/END events, one pair
 * per incident, never one per frame.
 *
 * <p>The state and the events are debounced separately. The state is the prediction's own answer (its label, or
 * {@value #UNKNOWN}) held for {@link ZoneRules#stateDebounce()}; it says what the zone shows. Each alerting label has
 * its own tracker with its threshold, hysteresis, start/end debounce and cooldown, so two alerting labels (a robin and
 * a goldfinch at one feeder) can be open at once, and a label can alert at a threshold below the top-1 answer.
 * Unknown frames are their own state and never start an alert; held long enough, they end one.
 *
 * <p>Pure logic: no threads and no I/O. Not thread-safe: the pipeline calls it from its one inference thread.
 */
public final class ZoneStateMachine {

    /** The zone state when the model's answer is "none of my labels". */
    public static final String UNKNOWN = "unknown";

    private final String zone;
    private final Clock clock;
    private final Debouncer<String> state;
    private final Map<String, LabelRule> rules = new LinkedHashMap<>();
    private final Map<String, LabelTracker> trackers = new LinkedHashMap<>();
    private ZoneState current;

    public ZoneStateMachine(ZoneRules zoneRules, Clock clock) {
        Objects.requireNonNull(zoneRules, "zoneRules");
        this.zone = zoneRules.zone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = Debouncer.uniform(zoneRules.stateDebounce());
        for (LabelRule rule : zoneRules.labels()) {
            setRule(rule);
        }
    }

    public String zone() {
        return zone;
    }

    /** Observes a frame captured now (by the injected clock). */
    public Optional<Transition> observe(Prediction prediction, String snapshotId) {
        return observe(prediction, clock.instant(), snapshotId);
    }

    /**
     * Observes one frame.
     *
     * @param capturedAt when the frame was captured; event times and durations are measured on these times
     * @param snapshotId names this frame's JPEG; it goes into a START event this frame raises, so the caller keeps
     *                   the snapshot only when one came out
     * @return what changed, or empty when nothing did (the usual case)
     */
    public Optional<Transition> observe(Prediction prediction, Instant capturedAt, String snapshotId) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(capturedAt, "capturedAt");
        List<ZoneEvent> ends = new ArrayList<>();
        List<ZoneEvent> starts = new ArrayList<>();
        for (LabelTracker tracker : trackers.values()) {
            Optional<ZoneEvent> event = tracker.observe(prediction, capturedAt, snapshotId);
            if (event.isPresent()) {
                (event.get().type() == ZoneEvent.Type.END ? ends : starts).add(event.get());
            }
        }
        Optional<ZoneState> newState = observeState(prediction, capturedAt);
        if (newState.isEmpty() && ends.isEmpty() && starts.isEmpty()) {
            return Optional.empty();
        }
        ends.addAll(starts);
        return Optional.of(new Transition(newState, ends));
    }

    private Optional<ZoneState> observeState(Prediction prediction, Instant capturedAt) {
        String label = prediction.label().orElse(UNKNOWN);
        Optional<String> change = state.observe(label, capturedAt);
        if (change.isEmpty()) {
            return Optional.empty();
        }
        double confidence = prediction.unknown() ? prediction.top().probability()
                : LabelTracker.probabilityOf(prediction, label);
        current = new ZoneState(zone, label, confidence, state.stableSince().orElse(capturedAt), prediction.model());
        return Optional.of(current);
    }

    /** The zone's debounced state, empty until the first label has held long enough. */
    public Optional<ZoneState> state() {
        return Optional.ofNullable(current);
    }

    /** Changes a label's threshold at runtime, keeping its hysteresis gap; applies from the next frame. */
    public void setThreshold(String label, double threshold) {
        LabelRule rule = rules.get(label);
        if (rule == null) {
            throw new IllegalArgumentException("zone '" + zone + "' has no rule for label '" + label + "'; rules exist for "
                    + rules.keySet());
        }
        setRule(rule.withThreshold(threshold));
    }

    /**
     * Adds or replaces a label's rule; applies from the next frame. Turning alerts off for a label with an open
     * incident leaves that incident to end normally.
     */
    public void setRule(LabelRule rule) {
        Objects.requireNonNull(rule, "rule");
        rules.put(rule.label(), rule);
        LabelTracker tracker = trackers.get(rule.label());
        if (tracker != null) {
            tracker.setRule(rule);
        } else if (rule.alert()) {
            trackers.put(rule.label(), new LabelTracker(zone, rule));
        }
    }

    public Map<String, LabelRule> rules() {
        return Map.copyOf(rules);
    }

    /** Labels with an open incident (a START without its END yet). */
    public List<String> openIncidents() {
        List<String> open = new ArrayList<>();
        for (LabelTracker tracker : trackers.values()) {
            if (tracker.active()) {
                open.add(tracker.rule().label());
            }
        }
        return open;
    }

    /**
     * Ends every open incident now (by the injected clock), for a clean shutdown or a zone being removed: subscribers
     * never see a START without its END.
     */
    public List<ZoneEvent> endOpenIncidents(String model) {
        return endOpenIncidents(clock.instant(), model);
    }

    /** {@link #endOpenIncidents(String)} at {@code time}. */
    public List<ZoneEvent> endOpenIncidents(Instant time, String model) {
        List<ZoneEvent> ended = new ArrayList<>();
        for (LabelTracker tracker : trackers.values()) {
            tracker.endNow(time, model).ifPresent(ended::add);
        }
        return ended;
    }
}
