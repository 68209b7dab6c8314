package dev.magpie.devices.camera;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A pacer whose sleeps return at once and move its clock forward; records each sleep in nanoseconds. */
final class FakePacer implements Pacer {

    private volatile long now = 1_000_000_000L;
    final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(Math.max(0, nanos));
        if (nanos > 0) {
            now += nanos;
        }
    }

    void advance(long nanos) {
        now += nanos;
    }
}
