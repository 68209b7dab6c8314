package dev.magpie.devices.camera;

import dev.magpie.devices.natives.OpenCvLibrary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * Drives a {@link SimulatedShelf} through simulated shop days, for demos and end-to-end tests without a camera:
 * slots sell out at random while the shop is open and staff restock them after a random delay; the light follows
 * daylight plus the shop's lights; the shelf adds sensor noise. Seeded, so a run is repeatable. The truth behind
 * each recent frame is kept ({@link #truth(long)}) so a test can score what the pipeline said about that frame.
 */
public final class SimulatedShelfSource implements FrameSource {

    private static final int KEPT_TRUTHS = 1024;
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 5);

    private final SimulatedShelf shelf;
    private final ShelfScenario scenario;
    private final Pacer pacer;
    private final Clock clock;
    private final SplittableRandom stockRandom;
    private final SplittableRandom renderRandom;
    private final long intervalNanos;
    private final boolean[] stocked;
    private final LocalDateTime[] restockAt;
    private final Map<Long, ShelfTruth> truths = new LinkedHashMap<>(); // guarded by itself; read by other threads
    private LocalDateTime now;
    private long sequence;
    private long nextDueNanos;
    private boolean opened;

    public SimulatedShelfSource(SimulatedShelf shelf, ShelfScenario scenario, long seed, Pacer pacer, Clock clock) {
        OpenCvLibrary.load();
        if (shelf == null || scenario == null || pacer == null || clock == null) {
            throw new IllegalArgumentException("shelf, scenario, pacer and clock are required");
        }
        this.shelf = shelf;
        this.scenario = scenario;
        this.pacer = pacer;
        this.clock = clock;
        SplittableRandom root = new SplittableRandom(seed);
        this.stockRandom = root.split(); // separate streams: changing the renderer never changes the stock story
        this.renderRandom = root.split();
        this.intervalNanos = Math.round(1e9 / scenario.fps());
        this.stocked = new boolean[shelf.slots()];
        java.util.Arrays.fill(stocked, true);
        this.restockAt = new LocalDateTime[shelf.slots()];
        this.now = FIRST_DAY.atTime(scenario.start());
    }

    public SimulatedShelfSource(SimulatedShelf shelf, ShelfScenario scenario, long seed) {
        this(shelf, scenario, seed, Pacer.system(), Clock.systemUTC());
    }

    @Override
    public String name() {
        return "simulated-shelf";
    }

    public SimulatedShelf shelf() {
        return shelf;
    }

    @Override
    public void open() {
        opened = true;
        nextDueNanos = pacer.nanoTime();
    }

    @Override
    public Frame read() throws IOException {
        if (!opened) {
            throw new IOException(name() + " is not open");
        }
        try {
            pacer.sleepUntil(nextDueNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing " + name());
        }
        long real = pacer.nanoTime();
        nextDueNanos = real - nextDueNanos > intervalNanos ? real + intervalNanos : nextDueNanos + intervalNanos;
        if (sequence > 0) {
            step();
        }
        double light = light(now.toLocalTime());
        Mat image = shelf.render(stocked.clone(), light, renderRandom);
        long frameSequence = ++sequence;
        remember(new ShelfTruth(frameSequence, now, light, toList(stocked)));
        return new Frame(image, clock.instant(), frameSequence);
    }

    /** Advances simulated time by one frame: restocks that are due, then sell-outs while the shop is open. */
    private void step() {
        now = now.plus(scenario.simulatedPerFrame());
        double hours = scenario.simulatedPerFrame().toMillis() / 3_600_000.0;
        double openHours = ShelfScenario.CLOSES.getHour() - ShelfScenario.OPENS.getHour();
        double sellOutChance = 1 - Math.exp(-scenario.sellOutsPerSlotPerDay() / openHours * hours);
        boolean open = isOpen(now.toLocalTime());
        for (int i = 0; i < stocked.length; i++) {
            if (!stocked[i] && !now.isBefore(restockAt[i])) {
                stocked[i] = true;
                restockAt[i] = null;
            } else if (stocked[i] && open && stockRandom.nextDouble() < sellOutChance) {
                stocked[i] = false;
                // exponential delay: most restocks are quick, a few slots wait a long time
                double minutes = -Math.log(1 - stockRandom.nextDouble()) * scenario.meanRestockDelay().toMinutes();
                restockAt[i] = now.plusSeconds(Math.round(minutes * 60));
            }
        }
    }

    /** Daylight through a window (a sine from 06:00 to 18:00) plus the shop lights while open; 0.5 to 1.3. */
    static double light(LocalTime time) {
        double hour = time.toSecondOfDay() / 3600.0;
        double daylight = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));
        double lamps = isOpen(time) ? 0.35 : 0;
        return Math.min(1.3, 0.5 + 0.45 * daylight + lamps);
    }

    private static boolean isOpen(LocalTime time) {
        return !time.isBefore(ShelfScenario.OPENS) && time.isBefore(ShelfScenario.CLOSES);
    }

    private void remember(ShelfTruth truth) {
        synchronized (truths) {
            truths.put(truth.sequence(), truth);
            if (truths.size() > KEPT_TRUTHS) {
                truths.remove(truths.keySet().iterator().next());
            }
        }
    }

    /** The truth behind frame {@code sequence}, if it is among the last 1024; callable from any thread. */
    public Optional<ShelfTruth> truth(long sequence) {
        synchronized (truths) {
            return Optional.ofNullable(truths.get(sequence));
        }
    }

    /** The truth behind the newest frame, empty before the first. */
    public Optional<ShelfTruth> latestTruth() {
        synchronized (truths) {
            ShelfTruth last = null;
            for (ShelfTruth truth : truths.values()) {
                last = truth;
            }
            return Optional.ofNullable(last);
        }
    }

    private static List<Boolean> toList(boolean[] values) {
        List<Boolean> list = new ArrayList<>(values.length);
        for (boolean value : values) {
            list.add(value);
        }
        return list;
    }

    @Override
    public void close() {
        opened = false;
    }
}
