package dev.magpie.devices.camera;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds only the newest frame between a capture thread and a slower consumer, so the consumer always sees the
 * present and memory never grows: a frame nobody took is closed (its {@code Mat} released) when a newer one arrives.
 *
 * <p>Ownership: {@link #put(Frame)} hands the frame to the slot; {@link #take(Duration)} hands it to the caller, who
 * closes it. Thread-safe; {@code put} never blocks.
 */
public final class LatestFrameSlot {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final Condition emptied = lock.newCondition();
    /** The frame waiting for a consumer, or null. Guarded by {@link #lock}. */
    private Frame latest;
    private long dropped;

    /** Stores {@code frame} as the newest; closes the previous one if nobody took it. */
    public void put(Frame frame) {
        if (frame == null) {
            throw new IllegalArgumentException("frame must not be null");
        }
        Frame previous;
        lock.lock();
        try {
            previous = latest;
            latest = frame;
            if (previous != null) {
                dropped++;
            }
            filled.signalAll();
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            previous.close(); // outside the lock: releasing native memory can take a moment
        }
    }

    /**
     * Waits up to {@code timeout} for a frame and returns the newest, which the caller now owns and closes; empty on
     * timeout. An interrupt ends the wait early with the interrupt flag set again.
     */
    public Optional<Frame> take(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (latest == null) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = filled.awaitNanos(remaining);
            }
            Frame frame = latest;
            latest = null;
            emptied.signalAll();
            return Optional.of(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} until the consumer has taken the waiting frame; true when the slot is empty.
     * Recorded sources use it to go at the consumer's pace instead of decoding frames that would be dropped.
     */
    public boolean awaitEmpty(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (latest != null) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = emptied.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the newest frame without waiting, or empty. */
    public Optional<Frame> poll() {
        return take(Duration.ZERO);
    }

    /** Frames closed unseen because a newer one replaced them. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the frame waiting here, if any; the slot stays usable. */
    public void clear() {
        Frame previous;
        lock.lock();
        try {
            previous = latest;
            latest = null;
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            previous.close();
        }
    }

    @Override
    public String toString() {
        return "LatestFrameSlot[dropped=" + dropped() + "]";
    }
}
