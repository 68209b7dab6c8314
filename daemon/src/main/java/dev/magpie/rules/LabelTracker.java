package dev.magpie.rules;

import dev.magpie.learn.Prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One alerting label's incidents in one zone: decides per frame whether the label is present (threshold on the way
 * in, clear threshold on the way out, never for an unknown frame), debounces that, and turns the two edges into one
 * START and one END event. Not thread-safe; owned by a {@link ZoneStateMachine}.
 */
final class LabelTracker {

    private final String zone;
    private LabelRule rule;
    private final Debouncer<Boolean> present;
    private Instant startedAt;
    private double peak;
    private Instant cooldownUntil = Instant.MIN;

    LabelTracker(String zone, LabelRule rule) {
        this.zone = zone;
        this.rule = rule;
        // Looked up per frame so that a rule changed at runtime applies to the run in progress.
        this.present = new Debouncer<>(false, Instant.EPOCH, on -> on ? this.rule.start() : this.rule.end());
    }

    LabelRule rule() {
        return rule;
    }

    void setRule(LabelRule newRule) {
        this.rule = newRule;
    }

    boolean active() {
        return present.stable().orElse(false);
    }

    Optional<ZoneEvent> observe(Prediction prediction, Instant time, String snapshotId) {
        double p = probabilityOf(prediction, rule.label());
        boolean active = active();
        boolean counts;
        if (prediction.unknown()) {
            // The model does not know what it sees: never a reason to start, and, held long enough, a reason to end.
            counts = false;
        } else if (active) {
            counts = p >= rule.clearThreshold();
        } else {
            // A rule switched to silent at runtime lets an open incident end but starts no new one.
            counts = rule.alert() && p >= rule.threshold() && !time.isBefore(cooldownUntil);
        }
        if (active) {
            peak = Math.max(peak, p);
        }
        Optional<Boolean> change = present.observe(counts, time);
        if (change.isEmpty()) {
            return Optional.empty();
        }
        Instant onset = present.stableSince().orElse(time);
        if (change.get()) {
            startedAt = onset;
            peak = p;
            return Optional.of(new ZoneEvent(newId(), zone, ZoneEvent.Type.START, rule.label(), p, onset, snapshotId,
                    prediction.model(), 0));
        }
        return Optional.of(end(onset, prediction.model()));
    }

    /**
     * Ends the open incident now, whatever the frames say (shutdown, zone removed), so no START is left without its
     * END. Empty when nothing is open.
     */
    Optional<ZoneEvent> endNow(Instant time, String model) {
        if (!active()) {
            return Optional.empty();
        }
        present.settle(false, time);
        return Optional.of(end(time, model));
    }

    private ZoneEvent end(Instant at, String model) {
        long millis = Math.max(0, Duration.between(startedAt, at).toMillis());
        cooldownUntil = at.plus(rule.cooldown());
        ZoneEvent event = new ZoneEvent(newId(), zone, ZoneEvent.Type.END, rule.label(), peak, at, null, model, millis);
        startedAt = null;
        peak = 0;
        return event;
    }

    static double probabilityOf(Prediction prediction, String label) {
        for (Prediction.LabelScore score : prediction.scores()) {
            if (score.label().equals(label)) {
                return score.probability();
            }
        }
        return 0.0;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
