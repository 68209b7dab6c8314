package dev.magpie.devices.gpio;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the GPIO components' timed work: debounce settling, long-press detection, blink steps.
 *
 * <p>One small seam so that tests can advance time by hand instead of sleeping. The board's own scheduler is one
 * daemon thread, {@code magpie-gpio}; every task on it must be short and must not block.
 */
public interface GpioScheduler extends AutoCloseable {

    /** A scheduled task that can be cancelled; cancelling a task that already ran does nothing. */
    interface Task {
        void cancel();
    }

    Task schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** A scheduler backed by one named daemon thread. */
    static GpioScheduler newThread(String threadName) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        return new GpioScheduler() {
            @Override
            public Task schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
