package dev.magpie.devices.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link GpioScheduler} whose clock moves only when a test calls {@link #advance(Duration)}. */
final class ManualScheduler implements GpioScheduler {

    private final class Scheduled implements Task {
        final long dueNanos;
        final long order;
        final Runnable task;
        boolean cancelled;

        Scheduled(long dueNanos, long order, Runnable task) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Scheduled> queue = new ArrayList<>();
    private long nowNanos;
    private long order;
    private boolean closed;

    @Override
    public synchronized Task schedule(Duration delay, Runnable task) {
        if (closed) {
            throw new IllegalStateException("scheduler closed");
        }
        Scheduled scheduled = new Scheduled(nowNanos + delay.toNanos(), order++, task);
        queue.add(scheduled);
        return scheduled;
    }

    /** Moves the clock forward, running every task that falls due on the way, in due order. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nowNanos + by.toNanos();
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                queue.removeIf(s -> s.cancelled);
                next = queue.stream()
                        .filter(s -> s.dueNanos <= target)
                        .min(Comparator.<Scheduled>comparingLong(s -> s.dueNanos).thenComparingLong(s -> s.order))
                        .orElse(null);
                if (next == null) {
                    nowNanos = target;
                    return;
                }
                queue.remove(next);
                nowNanos = next.dueNanos;
            }
            next.task.run();
        }
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    synchronized int pendingTasks() {
        queue.removeIf(s -> s.cancelled);
        return queue.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
