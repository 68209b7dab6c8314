package dev.magpie.devices.camera;

/**
 * Monotonic time and sleeping, injected into paced sources and the capture loop's backoff so tests run a simulated
 * clock instead of sleeping for real.
 */
public interface Pacer {

    /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
    long nanoTime();

    /** Sleeps for {@code nanos} (nothing when ≤ 0); interruptible, so closing a capture loop is prompt. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** Real time. */
    static Pacer system() {
        return SystemPacer.INSTANCE;
    }

    /** Sleeps until {@code deadlineNanos} on this pacer's clock. */
    default void sleepUntil(long deadlineNanos) throws InterruptedException {
        sleepNanos(deadlineNanos - nanoTime());
    }
}
