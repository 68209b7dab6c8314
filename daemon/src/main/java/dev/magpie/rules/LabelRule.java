package dev.magpie.rules;

import dev.magpie.learn.Metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one label behaves in one zone.
 *
 * @param label          the label this rule is for
 * @param alert          whether the label raises START/END events; a label without alerts only shows in the zone state
 * @param threshold      a frame counts toward a start when the label's probability is at least this
 * @param clearThreshold once started, a frame counts toward the end only when the probability falls below this;
 *                       a gap below {@code threshold} (hysteresis) stops a score hovering at the threshold from
 *                       flapping the alert
 * @param start          how long the label must hold before START
 * @param end            how long it must stay gone before END
 * @param cooldown       after an END, no new START for this label in this zone until this much time has passed
 *                       (frames during the cooldown do not count toward a start)
 */
public record LabelRule(String label, boolean alert, double threshold, double clearThreshold, Debounce start,
                        Debounce end, Duration cooldown) {

    /** Used when the model has no suggested threshold for a label (no held-out rows, or no metrics at all). */
    public static final double FALLBACK_THRESHOLD = 0.5;
    /** Default gap between threshold and clear threshold. */
    public static final double DEFAULT_HYSTERESIS = 0.1;
    /** Default debounce both ways: three frames is one noisy frame plus a margin at typical 1-5 fps. */
    public static final Debounce DEFAULT_DEBOUNCE = Debounce.frames(3);

    public LabelRule {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(cooldown, "cooldown");
        if (label.isBlank()) {
            throw new IllegalArgumentException("label cannot be blank");
        }
        checkProbability("threshold", threshold);
        checkProbability("clearThreshold", clearThreshold);
        if (clearThreshold > threshold) {
            throw new IllegalArgumentException("clearThreshold " + clearThreshold + " for '" + label
                    + "' is above its threshold " + threshold + "; it must be at or below it");
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown for '" + label + "' cannot be negative: " + cooldown);
        }
    }

    /** An alerting label with the default hysteresis, debounce and no cooldown. */
    public static LabelRule alerting(String label, double threshold) {
        return new LabelRule(label, true, threshold, clearBelow(threshold, DEFAULT_HYSTERESIS), DEFAULT_DEBOUNCE,
                DEFAULT_DEBOUNCE, Duration.ZERO);
    }

    /** A label that only shows in the zone state. */
    public static LabelRule silent(String label, double threshold) {
        return alerting(label, threshold).withAlert(false);
    }

    /**
     * The threshold a label gets when the owner set none: the model's suggested threshold for it (highest recall at
     * precision >= 0.95 on held-out data), else {@link #FALLBACK_THRESHOLD}.
     */
    public static double defaultThreshold(Optional<Metrics> metrics, String label) {
        if (metrics.isEmpty()) {
            return FALLBACK_THRESHOLD;
        }
        for (Metrics.LabelMetrics m : metrics.get().perLabel()) {
            // Without held-out rows the suggestion is not measured, only a default of the curve code.
            if (m.label().equals(label) && m.support() > 0 && m.suggestedThreshold() > 0 && m.suggestedThreshold() <= 1) {
                return m.suggestedThreshold();
            }
        }
        return FALLBACK_THRESHOLD;
    }

    /** A new threshold, keeping the same hysteresis gap (clamped at 0). */
    public LabelRule withThreshold(double newThreshold) {
        checkProbability("threshold", newThreshold);
        return new LabelRule(label, alert, newThreshold, clearBelow(newThreshold, threshold - clearThreshold), start, end,
                cooldown);
    }

    public LabelRule withClearThreshold(double newClearThreshold) {
        return new LabelRule(label, alert, threshold, newClearThreshold, start, end, cooldown);
    }

    public LabelRule withAlert(boolean newAlert) {
        return new LabelRule(label, newAlert, threshold, clearThreshold, start, end, cooldown);
    }

    public LabelRule withStart(Debounce newStart) {
        return new LabelRule(label, alert, threshold, clearThreshold, newStart, end, cooldown);
    }

    public LabelRule withEnd(Debounce newEnd) {
        return new LabelRule(label, alert, threshold, clearThreshold, start, newEnd, cooldown);
    }

    public LabelRule withCooldown(Duration newCooldown) {
        return new LabelRule(label, alert, threshold, clearThreshold, start, end, newCooldown);
    }

    private static double clearBelow(double threshold, double gap) {
        return Math.max(0.0, threshold - gap);
    }

    private static void checkProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], not " + value);
        }
    }
}
