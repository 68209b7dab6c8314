package dev.magpie.inbox;

import dev.magpie.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final FakeClock clock = new FakeClock();

    private int acquiredOver(RateLimiter limiter, int tries, Duration step) {
        int acquired = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire()) {
                acquired++;
            }
            clock.advance(step);
        }
        return acquired;
    }

    @Test
    void perMinuteCapRefusesTheRestOfThatMinute() {
        RateLimiter limiter = new RateLimiter(new RateLimits(2, Integer.MAX_VALUE, Integer.MAX_VALUE), clock);

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advanceSeconds(59);
        assertThat(limiter.allows()).isFalse();
        clock.advanceSeconds(1);
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void perHourCapHoldsAcrossMinutes() {
        RateLimiter limiter = new RateLimiter(new RateLimits(2, 10, Integer.MAX_VALUE), clock);

        // One try every 10 s for an hour: 2 a minute would allow 120, the hour allows 10.
        assertThat(acquiredOver(limiter, 360, Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(acquiredOver(limiter, 6, Duration.ofSeconds(10))).as("the first hour's frames slide out").isPositive();
    }

    @Test
    void perDayCapHoldsAcrossHours() {
        RateLimiter limiter = new RateLimiter(new RateLimits(5, 20, 50), clock);

        assertThat(acquiredOver(limiter, 24 * 60, Duration.ofMinutes(1))).isEqualTo(50);
        assertThat(limiter.allows()).isTrue();
    }

    @Test
    void allowsRecordsNothing() {
        RateLimiter limiter = new RateLimiter(new RateLimits(1, 1, 1), clock);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.allows()).isTrue();
        }
        limiter.record();
        assertThat(limiter.allows()).isFalse();
    }

    @Test
    void aZeroCapRefusesEverything() {
        RateLimiter limiter = new RateLimiter(new RateLimits(0, 10, 10), clock);

        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void unlimitedAllowsEverything() {
        RateLimiter limiter = new RateLimiter(RateLimits.UNLIMITED, clock);

        assertThat(acquiredOver(limiter, 1000, Duration.ZERO)).isEqualTo(1000);
    }
}
