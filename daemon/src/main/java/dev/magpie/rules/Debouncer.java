package dev.magpie.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a noisy stream of per-frame results into a stable value that changes only when a new result has held for
 * long enough. Pure: no clock, no threads; the caller passes each frame's time. Not thread-safe.
 *
 * <p>The requirement is looked up for the value being switched <em>to</em>, so one debouncer can be quick to raise an
 * alert and slow to drop it (or the reverse). Any frame with a different result restarts the count: results must be
 * consecutive.
 *
 * @param <T> the result type; compared with {@code equals}
 */
public final class Debouncer<T> {

    private final Function<? super T, Debounce> requirement;
    private T stable;
    private Instant stableSince;
    private T pending;
    private Instant pendingSince;
    private int pendingFrames;

    /** Starts with no stable value: the first result to meet its requirement becomes it. */
    public Debouncer(Function<? super T, Debounce> requirement) {
        this.requirement = Objects.requireNonNull(requirement, "requirement");
    }

    /** Starts already settled on {@code initial}. */
    public Debouncer(T initial, Instant since, Function<? super T, Debounce> requirement) {
        this(requirement);
        this.stable = Objects.requireNonNull(initial, "initial");
        this.stableSince = Objects.requireNonNull(since, "since");
    }

    /** The same requirement whichever way the value changes. */
    public static <T> Debouncer<T> uniform(Debounce debounce) {
        Objects.requireNonNull(debounce, "debounce");
        return new Debouncer<>(value -> debounce);
    }

    /**
     * Records one frame's result.
     *
     * @return the new stable value when this frame completed a change, else empty
     */
    public Optional<T> observe(T value, Instant time) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(time, "time");
        if (value.equals(stable)) {
            clearPending();
            return Optional.empty();
        }
        if (!value.equals(pending)) {
            pending = value;
            pendingSince = time;
            pendingFrames = 0;
        }
        pendingFrames++;
        // A frame that arrives out of order must not make the run look longer than it is.
        Duration held = time.isBefore(pendingSince) ? Duration.ZERO : Duration.between(pendingSince, time);
        if (!requirement.apply(value).met(pendingFrames, held)) {
            return Optional.empty();
        }
        stable = value;
        stableSince = pendingSince;
        clearPending();
        return Optional.of(value);
    }

    /** Sets the stable value without debouncing and forgets any run in progress (an incident ended by force). */
    public void settle(T value, Instant since) {
        stable = Objects.requireNonNull(value, "value");
        stableSince = Objects.requireNonNull(since, "since");
        clearPending();
    }

    public Optional<T> stable() {
        return Optional.ofNullable(stable);
    }

    /** When the current stable value first appeared (the first frame of the run that won), not when it was accepted. */
    public Optional<Instant> stableSince() {
        return Optional.ofNullable(stableSince);
    }

    private void clearPending() {
        pending = null;
        pendingSince = null;
        pendingFrames = 0;
    }
}
