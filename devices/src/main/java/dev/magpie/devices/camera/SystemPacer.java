package dev.magpie.devices.camera;

import java.util.concurrent.TimeUnit;

/** {@link Pacer} on the JVM's monotonic clock. Stateless. */
enum SystemPacer implements Pacer {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
