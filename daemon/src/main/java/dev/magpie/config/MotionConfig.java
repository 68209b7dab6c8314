package dev.magpie.config;

/**
 * The motion gate: frames of a still scene are not classified, which saves most of the CPU.
 *
 * @param enabled skip classification while nothing moves. Default true; false classifies every frame
 * @param changedFraction share of a zone's pixels that must change to count as motion, 0.0001-1. Default 0.005;
 *                        lower reacts to smaller changes (and to noise)
 * @param pixelThreshold grey-level difference, 1-255, at which one pixel counts as changed. Default 25
 * @param recheckSeconds classify anyway this often on a still scene (slow changes: light, a spreading leak),
 *                       0-86400; 0 never. Default 30
 */
public record MotionConfig(Boolean enabled, Double changedFraction, Integer pixelThreshold, Integer recheckSeconds) {

    public MotionConfig {
        enabled = enabled == null || enabled;
        changedFraction = changedFraction == null ? 0.005 : changedFraction;
        pixelThreshold = pixelThreshold == null ? 25 : pixelThreshold;
        recheckSeconds = recheckSeconds == null ? 30 : recheckSeconds;
        Names.checkRange("changed_fraction", changedFraction, 0.0001, 1);
        Names.checkRange("pixel_threshold", pixelThreshold, 1, 255);
        Names.checkRange("recheck_seconds", recheckSeconds, 0, 86_400);
    }

    public static MotionConfig defaults() {
        return new MotionConfig(null, null, null, null);
    }
}
