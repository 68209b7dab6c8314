package dev.magpie.devices.gpio;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns raw pin edges into stable levels: a new level counts only once the pin has held it for {@code stable}.
 *
 * <p>A bouncing contact or a noisy PIR line produces bursts of edges; each edge restarts the wait, so a burst
 * shorter than {@code stable} that ends where it began reports nothing. A zero {@code stable} reports every change
 * at once. The listener runs outside the lock, on the thread of the edge (zero) or the scheduler (otherwise).
 */
final class PinDebouncer {

    private final Duration stable;
    private final GpioScheduler scheduler;
    private final Consumer<Boolean> onStableChange;

    private final Object lock = new Object();
    /** The last level reported to the listener. Guarded by {@link #lock}. */
    private boolean stableLevel;
    /** Incremented by every edge, so that a settle task overtaken by a newer edge does nothing. */
    private long generation;
    private GpioScheduler.Task pending;

    PinDebouncer(boolean initialLevel, Duration stable, GpioScheduler scheduler, Consumer<Boolean> onStableChange) {
        if (stable.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative: " + stable);
        }
        this.stableLevel = initialLevel;
        this.stable = stable;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onStableChange = Objects.requireNonNull(onStableChange, "onStableChange");
    }

    /** Feeds one raw level read from the pin. */
    void edge(boolean level) {
        boolean reportNow = false;
        synchronized (lock) {
            long myGeneration = ++generation;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            if (level == stableLevel) {
                return;
            }
            if (stable.isZero()) {
                stableLevel = level;
                reportNow = true;
            } else {
                pending = scheduler.schedule(stable, () -> settle(myGeneration, level));
            }
        }
        if (reportNow) {
            onStableChange.accept(level);
        }
    }

    boolean stableLevel() {
        synchronized (lock) {
            return stableLevel;
        }
    }

    /** Drops a pending change; later edges are still honoured. */
    void cancel() {
        synchronized (lock) {
            generation++;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        }
    }

    private void settle(long expectedGeneration, boolean level) {
        synchronized (lock) {
            if (generation != expectedGeneration || level == stableLevel) {
                return;
            }
            stableLevel = level;
            pending = null;
        }
        onStableChange.accept(level);
    }
}
