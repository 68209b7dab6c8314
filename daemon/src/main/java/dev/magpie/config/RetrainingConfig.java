package dev.magpie.config;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When the device retrains its head on the labels it has been given, and when a new model replaces the current one.
 *
 * @param enabled retrain on its own. Default true; false retrains only on request (CLI, web, MQTT command)
 * @param dailyAt local time {@code "HH:MM"} to retrain each day when there are new labels, or {@code "off"}.
 *                Default "03:00". (A missing key and {@code null} mean the default everywhere in this file, so
 *                "off" is how to switch the daily run off.)
 * @param afterNewLabels also retrain once this many new labels have come in, 0-100000; 0 off. Default 50
 * @param maxRegression promote a new model only if its held-out macro-F1 is no more than this below the current
 *                      model's, 0-1. Default 0.02
 * @param nice train on a low-priority thread so detection keeps its pace. Default true
 */
public record RetrainingConfig(Boolean enabled, String dailyAt, Integer afterNewLabels, Double maxRegression,
                               Boolean nice) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public RetrainingConfig {
        enabled = enabled == null || enabled;
        dailyAt = dailyAt == null ? "03:00" : dailyAt;
        afterNewLabels = afterNewLabels == null ? 50 : afterNewLabels;
        maxRegression = maxRegression == null ? 0.02 : maxRegression;
        nice = nice == null || nice;
        if (!dailyAt.equals("off")) {
            try {
                LocalTime.parse(dailyAt, HH_MM);
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("daily_at", dailyAt, "use a 24-hour local time in quotes such as \"03:00\", or \"off\"");
            }
        }
        Names.checkRange("after_new_labels", afterNewLabels, 0, 100_000);
        Names.checkRange("max_regression", maxRegression, 0, 1);
    }

    public static RetrainingConfig defaults() {
        return new RetrainingConfig(null, null, null, null, null);
    }

    /** The daily retraining time, or empty when it is off. */
    public Optional<LocalTime> dailyTime() {
        return dailyAt.equals("off") ? Optional.empty() : Optional.of(LocalTime.parse(dailyAt, HH_MM));
    }
}
