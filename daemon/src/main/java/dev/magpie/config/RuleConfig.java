package dev.magpie.config;

/**
 * When a zone's label becomes an alert. A label starts once {@code min_frames} frames in a row (and at least
 * {@code min_seconds}) score at or above {@code threshold}, and ends once {@code end_frames} frames in a row score
 * below {@code clear_threshold}: the gap between the two stops an alert flapping on a borderline scene.
 *
 * @param label required: the label, 1-32 characters {@code [A-Za-z0-9_]}
 * @param alert raise an alert (MQTT event, GPIO output) when it starts; false only tracks the state. Default true
 * @param threshold confidence at which the label starts, 0-1. Default: the model's suggested threshold for the label
 * @param clearThreshold confidence below which it ends, 0-1, not above threshold. Default: threshold - 0.1
 * @param minFrames frames in a row needed to start, 1-1000. Default 3
 * @param minSeconds seconds the label must hold before it starts, 0-3600. Default 0
 * @param endFrames frames in a row below clear_threshold needed to end, 1-1000. Default 3
 * @param cooldownSeconds after an alert ends, seconds before the same alert may fire again, 0-86400. Default 60
 */
public record RuleConfig(String label, Boolean alert, Double threshold, Double clearThreshold, Integer minFrames,
                         Integer minSeconds, Integer endFrames, Integer cooldownSeconds) {

    public RuleConfig {
        Names.checkLabel("label", label);
        alert = alert == null || alert;
        minFrames = minFrames == null ? 3 : minFrames;
        minSeconds = minSeconds == null ? 0 : minSeconds;
        endFrames = endFrames == null ? 3 : endFrames;
        cooldownSeconds = cooldownSeconds == null ? 60 : cooldownSeconds;
        if (threshold != null) {
            Names.checkRange("threshold", threshold, 0, 1);
        }
        if (clearThreshold != null) {
            Names.checkRange("clear_threshold", clearThreshold, 0, 1);
            if (threshold != null && clearThreshold > threshold) {
                throw new InvalidValueException("clear_threshold", clearThreshold,
                        "must not be above threshold (" + threshold + "), or the label would end while it is still seen");
            }
        }
        Names.checkRange("min_frames", minFrames, 1, 1000);
        Names.checkRange("min_seconds", minSeconds, 0, 3600);
        Names.checkRange("end_frames", endFrames, 1, 1000);
        Names.checkRange("cooldown_seconds", cooldownSeconds, 0, 86_400);
    }

    public static RuleConfig alertOn(String label) {
        return new RuleConfig(label, null, null, null, null, null, null, null);
    }

    /** The threshold in force: this rule's, or the model's suggestion for the label. */
    public double effectiveThreshold(double modelSuggestion) {
        return threshold != null ? threshold : modelSuggestion;
    }

    /** The clear threshold in force: this rule's, or 0.1 below the threshold in force (not below 0). */
    public double effectiveClearThreshold(double modelSuggestion) {
        return clearThreshold != null ? clearThreshold : Math.max(0, effectiveThreshold(modelSuggestion) - 0.1);
    }
}
