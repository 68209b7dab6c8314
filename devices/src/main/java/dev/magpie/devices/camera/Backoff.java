package dev.magpie.devices.camera;

import java.time.Duration;

/**
 * Capped exponential backoff between reconnect attempts: {@code initial}, doubling up to {@code max}; the capture
 * loop starts again from {@code initial} after a good frame.
 */
public record Backoff(Duration initial, Duration max) {

    /** 0.5 s doubling to 30 s: quick on a camera reboot, gentle on a camera that is gone for the night. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public Backoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " is shorter than initial " + initial);
        }
    }

    /** The delay after {@code current}: doubled, capped at {@link #max()}. */
    public Duration next(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
