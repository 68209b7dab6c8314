package dev.magpie.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

/**
 * Sliding-window caps per minute, hour and day. Remembers at most as many times as the largest finite cap, so memory
 * stays bounded. Pure apart from the injected clock; not thread-safe.
 */
public final class RateLimiter {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final RateLimits limits;
    private final Clock clock;
    /** Times of recorded events, oldest first. */
    private final Deque<Instant> recorded = new ArrayDeque<>();
    private final int remembered;

    public RateLimiter(RateLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        int largest = 0;
        for (int limit : new int[] {limits.perMinute(), limits.perHour(), limits.perDay()}) {
            if (limit != Integer.MAX_VALUE) {
                largest = Math.max(largest, limit);
            }
        }
        this.remembered = largest;
    }

    /** Whether one more event now would stay within every cap. Records nothing. */
    public boolean allows() {
        Instant now = clock.instant();
        return within(now, MINUTE, limits.perMinute()) && within(now, HOUR, limits.perHour())
                && within(now, DAY, limits.perDay());
    }

    /** Counts one event now (call it only for what actually happened, e.g. a frame stored). */
    public void record() {
        if (remembered == 0) {
            return;
        }
        recorded.addLast(clock.instant());
        while (recorded.size() > remembered) {
            recorded.removeFirst();
        }
    }

    /** {@link #allows()} and, if so, {@link #record()}. */
    public boolean tryAcquire() {
        if (!allows()) {
            return false;
        }
        record();
        return true;
    }

    private boolean within(Instant now, Duration window, int limit) {
        if (limit == Integer.MAX_VALUE) {
            return true;
        }
        Instant since = now.minus(window);
        int inWindow = 0;
        Iterator<Instant> newestFirst = recorded.descendingIterator();
        while (newestFirst.hasNext() && newestFirst.next().isAfter(since)) {
            inWindow++;
        }
        return inWindow < limit;
    }
}
