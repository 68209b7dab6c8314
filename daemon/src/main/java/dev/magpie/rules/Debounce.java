package dev.magpie.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a new result must hold before it is believed: at least {@code minFrames} consecutive frames and, when
 * {@code minDuration} is not zero, held for at least that long (first frame to latest). Set one and leave the other at
 * its neutral value (1 frame, zero duration) for "N frames" or "S seconds"; set both and both must be met.
 */
public record Debounce(int minFrames, Duration minDuration) {

    /** Believed on the first frame. */
    public static final Debounce IMMEDIATE = new Debounce(1, Duration.ZERO);

    public Debounce {
        Objects.requireNonNull(minDuration, "minDuration");
        if (minFrames < 1) {
            throw new IllegalArgumentException("minFrames must be at least 1, not " + minFrames);
        }
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("minDuration cannot be negative: " + minDuration);
        }
    }

    public static Debounce frames(int minFrames) {
        return new Debounce(minFrames, Duration.ZERO);
    }

    public static Debounce held(Duration minDuration) {
        return new Debounce(1, minDuration);
    }

    boolean met(int frames, Duration held) {
        return frames >= minFrames && held.compareTo(minDuration) >= 0;
    }
}
