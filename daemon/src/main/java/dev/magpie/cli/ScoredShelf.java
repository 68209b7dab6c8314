package dev.magpie.cli;

import dev.magpie.devices.camera.EndOfStreamException;
import dev.magpie.devices.camera.Frame;
import dev.magpie.devices.camera.FrameSource;
import dev.magpie.devices.camera.ShelfTruth;
import dev.magpie.devices.camera.SimulatedShelfSource;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's camera: a {@link SimulatedShelfSource} that stops after a set number of frames and remembers the truth
 * behind each frame by its capture time, so what arrives over MQTT (whose times are capture times) can be scored
 * against what the simulation really showed. Counts the sell-outs and restocks it showed.
 */
final class ScoredShelf implements FrameSource {

    private static final int KEPT = 100_000;

    private final SimulatedShelfSource shelf;
    private final int frames;
    private final NavigableMap<Long, ShelfTruth> byCaptureMillis = new ConcurrentSkipListMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger sellOuts = new AtomicInteger();
    private final AtomicInteger restocks = new AtomicInteger();
    private int produced;
    private List<Boolean> previous;

    ScoredShelf(SimulatedShelfSource shelf, int frames) {
        this.shelf = shelf;
        this.frames = frames;
    }

    @Override
    public String name() {
        return shelf.name();
    }

    @Override
    public void open() {
        shelf.open();
    }

    @Override
    public Frame read() throws IOException {
        if (produced >= frames) {
            finished.countDown();
            throw new EndOfStreamException(name() + ": the simulated " + frames + " minutes are over");
        }
        Frame frame = shelf.read();
        produced++;
        Optional<ShelfTruth> truth = shelf.truth(frame.sequence());
        if (truth.isPresent()) {
            List<Boolean> stocked = truth.get().stocked();
            if (previous != null) {
                for (int i = 0; i < stocked.size(); i++) {
                    if (previous.get(i) && !stocked.get(i)) {
                        sellOuts.incrementAndGet();
                    } else if (!previous.get(i) && stocked.get(i)) {
                        restocks.incrementAndGet();
                    }
                }
            }
            previous = stocked;
            byCaptureMillis.put(frame.capturedAt().toEpochMilli(), truth.get());
            if (byCaptureMillis.size() > KEPT) {
                byCaptureMillis.pollFirstEntry();
            }
        }
        return frame;
    }

    /** The truth behind the newest frame captured at or before {@code time}. */
    Optional<ShelfTruth> truthAt(Instant time) {
        Map.Entry<Long, ShelfTruth> entry = byCaptureMillis.floorEntry(time.toEpochMilli());
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** Waits until every frame was produced. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    int produced() {
        return byCaptureMillis.size();
    }

    int sellOuts() {
        return sellOuts.get();
    }

    int restocks() {
        return restocks.get();
    }

    @Override
    public void close() {
        shelf.close();
    }
}
