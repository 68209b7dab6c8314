package dev.magpie.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it, so time-based rules are tested without sleeping. */
public final class FakeClock extends Clock {

    private Instant now;

    public FakeClock() {
        this(Instant.parse("2024-05-01T08:00:00Z"));
    }

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward, not by " + by);
        }
        now = now.plus(by);
        return this;
    }

    public FakeClock advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // One time line per test: a zoned view would be a second clock that does not move with this one.
        throw new UnsupportedOperationException("FakeClock is UTC only");
    }
}
