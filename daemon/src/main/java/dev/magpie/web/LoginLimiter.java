package dev.magpie.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client address in a sliding minute. Checked before the password is hashed, so a flood of guesses
 * costs no CPU once the limit is reached. Addresses are the TCP peer's (X-Forwarded-For is not trusted).
 */
final class LoginLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Seconds until the next attempt is allowed, 0 when it is allowed now. */
    long retryAfterSeconds(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant now = clock.instant();
            while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
                times.pollFirst();
            }
            if (times.size() < perMinute) {
                return 0;
            }
            return Math.max(1, Duration.between(now, times.peekFirst().plus(WINDOW)).toSeconds() + 1);
        }
    }

    void failed(String address) {
        if (failures.size() > MAX_ADDRESSES) {
            failures.clear();
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.instant());
        }
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
