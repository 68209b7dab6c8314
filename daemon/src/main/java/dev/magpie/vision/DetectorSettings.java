package dev.magpie.vision;

import java.util.Set;

/**
 * What a detector keeps.
 *
 * @param scoreThreshold detections scoring below this are dropped (0-1)
 * @param nmsIouThreshold same-class boxes overlapping a better one by more than this IoU are dropped (YOLOX: 0.45)
 * @param classes class names to keep, e.g. {@code bird}, or {@code person}; empty keeps every class
 */
public record DetectorSettings(double scoreThreshold, double nmsIouThreshold, Set<String> classes) {

    public static final DetectorSettings DEFAULT = new DetectorSettings(0.3, 0.45, Set.of());

    public DetectorSettings {
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("scoreThreshold must be 0-1, was " + scoreThreshold);
        }
        if (!(nmsIouThreshold > 0 && nmsIouThreshold <= 1)) {
            throw new IllegalArgumentException("nmsIouThreshold must be above 0 and at most 1, was " + nmsIouThreshold);
        }
        classes = Set.copyOf(classes);
    }

    public DetectorSettings withClasses(Set<String> names) {
        return new DetectorSettings(scoreThreshold, nmsIouThreshold, names);
    }

    public DetectorSettings withScoreThreshold(double threshold) {
        return new DetectorSettings(threshold, nmsIouThreshold, classes);
    }
}
