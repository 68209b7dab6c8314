package dev.magpie.web;

import dev.magpie.pipeline.AlertSink;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the web layer keeps for {@code /metrics}: alerts by zone and label (as an {@link AlertSink} the daemon
 * feeds), and a latency histogram of API predictions. Pipeline counters are read from the pipelines themselves.
 */
public final class WebMetrics implements AlertSink {

    static final double[] BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};

    private final Map<String, LongAdder> alerts = new ConcurrentHashMap<>();
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS_MS.length + 1);
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sumMs = new java.util.concurrent.atomic.DoubleAdder();

    @Override
    public void stateChanged(ZoneState state) {
    }

    @Override
    public void event(ZoneEvent event, byte[] snapshotJpeg) {
        if (event.type() == ZoneEvent.Type.START) {
            alerts.computeIfAbsent(event.zone() + "\u0000" + event.label(), k -> new LongAdder()).increment();
        }
    }

    void predicted(double ms) {
        int i = 0;
        while (i < BUCKETS_MS.length && ms > BUCKETS_MS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        count.increment();
        sumMs.add(ms);
    }

    Map<String, LongAdder> alerts() {
        return alerts;
    }

    long bucket(int i) {
        return buckets.get(i);
    }

    long count() {
        return count.sum();
    }

    double sumMs() {
        return sumMs.sum();
    }
}
