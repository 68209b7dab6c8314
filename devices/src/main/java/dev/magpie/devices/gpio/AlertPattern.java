package dev.magpie.devices.gpio;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AlertOutput} signals one alert: on for {@code on}, off for {@code off}, repeated until {@code total}
 * has passed, then off. A zero {@code off} is a steady signal.
 */
public record AlertPattern(Duration on, Duration off, Duration total) {

    public AlertPattern {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(off, "off");
        Objects.requireNonNull(total, "total");
        if (on.isNegative() || on.isZero()) {
            throw new IllegalArgumentException("alert pattern: on time must be > 0: " + on);
        }
        if (off.isNegative()) {
            throw new IllegalArgumentException("alert pattern: off time must not be negative: " + off);
        }
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("alert pattern: total time must be > 0: " + total);
        }
    }

    /** On for the whole of {@code total}. */
    public static AlertPattern steady(Duration total) {
        return new AlertPattern(total, Duration.ZERO, total);
    }

    /** {@code onMillis} on, {@code offMillis} off, for {@code totalMillis}. */
    public static AlertPattern blink(long onMillis, long offMillis, long totalMillis) {
        return new AlertPattern(Duration.ofMillis(onMillis), Duration.ofMillis(offMillis),
                Duration.ofMillis(totalMillis));
    }

    boolean steady() {
        return off.isZero();
    }

    AlertPattern capped(Duration max) {
        return total.compareTo(max) <= 0 ? this : new AlertPattern(on, off, max);
    }
}
