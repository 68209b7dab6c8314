package dev.magpie.pipeline;

import dev.magpie.detect.DailySpeciesList;
import dev.magpie.devices.camera.Frame;
import dev.magpie.devices.camera.LatestFrameSlot;
import dev.magpie.inbox.InboxCandidate;
import dev.magpie.inbox.InboxCollector;
import dev.magpie.learn.Prediction;
import dev.magpie.rules.Transition;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.vision.Embedder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one camera, on its own thread {@code magpie-infer-<camera>}: take the newest frame, skip it if the
 * scene is still, classify each zone's crop, feed the zone's state machine, hand states and events to the sinks,
 * and offer unsure crops to the inbox. Frames are released here, whatever happens; a failure on one frame is logged
 * and the loop goes on with the next.
 */
public final class CameraPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);
    private static final Duration TAKE_TIMEOUT = Duration.ofMillis(500);

    private final String camera;
    private final LatestFrameSlot slot;
    private final MotionGate gate;
    private final List<Zone> zones;
    private final Embedder embedder;
    private final LoadedModels models;
    private final AlertSink sink;
    private final Optional<InboxCollector> inbox;
    private final SnapshotStore snapshots;
    private final Map<String, ZoneDetection> detections;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object lastFrameLock = new Object();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong skippedStill = new AtomicLong();
    private final AtomicLong classified = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong inboxKept = new AtomicLong();
    private volatile double lastInferenceMillis;
    private Mat lastFrame = new Mat();

    public CameraPipeline(String camera, LatestFrameSlot slot, MotionGate gate, List<Zone> zones, Embedder embedder,
                          LoadedModels models, AlertSink sink, Optional<InboxCollector> inbox, SnapshotStore snapshots) {
        this(camera, slot, gate, zones, embedder, models, sink, inbox, snapshots, Map.of());
    }

    /**
     * @param detections the object detection of each zone that has {@code detect:} or {@code suppress:}, by zone name;
     *                   closed (open visits ended) when this pipeline closes
     */
    public CameraPipeline(String camera, LatestFrameSlot slot, MotionGate gate, List<Zone> zones, Embedder embedder,
                          LoadedModels models, AlertSink sink, Optional<InboxCollector> inbox, SnapshotStore snapshots,
                          Map<String, ZoneDetection> detections) {
        this.detections = Map.copyOf(detections);
        this.camera = camera;
        this.slot = slot;
        this.gate = gate;
        this.zones = List.copyOf(zones);
        this.embedder = embedder;
        this.models = models;
        this.sink = sink;
        this.inbox = inbox;
        this.snapshots = snapshots;
        this.thread = new Thread(this::run, "magpie-infer-" + camera);
        this.thread.setDaemon(true);
    }

    public CameraPipeline start() {
        thread.start();
        return this;
    }

    public String camera() {
        return camera;
    }

    public List<Zone> zones() {
        return zones;
    }

    /** Today's species list of each zone that names visits, by zone name. */
    public Map<String, DailySpeciesList.Day> speciesToday() {
        Map<String, DailySpeciesList.Day> out = new java.util.TreeMap<>();
        for (ZoneDetection detection : detections.values()) {
            detection.speciesToday().ifPresent(day -> out.put(detection.zone(), day));
        }
        return out;
    }

    public PipelineStats stats() {
        return new PipelineStats(camera, frames.get(), skippedStill.get(), classified.get(), lastInferenceMillis,
                events.get(), inboxKept.get());
    }

    /** A copy of the newest frame seen, as JPEG, for the capture command and the web's live view. */
    public Optional<byte[]> lastFrameJpeg() {
        synchronized (lastFrameLock) {
            return lastFrame.empty() ? Optional.empty() : Optional.of(jpeg(lastFrame));
        }
    }

    /** The newest frame cropped to {@code zone}, as JPEG. */
    public Optional<byte[]> lastZoneJpeg(Zone zone) {
        synchronized (lastFrameLock) {
            if (lastFrame.empty()) {
                return Optional.empty();
            }
            Mat crop = zone.region().crop(lastFrame);
            try {
                return Optional.of(jpeg(crop));
            } finally {
                crop.release();
            }
        }
    }

    private void run() {
        while (running.get()) {
            Optional<Frame> next;
            try {
                next = slot.take(TAKE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("Camera {}: taking a frame failed: {}", camera, e.toString());
                continue;
            }
            if (next.isEmpty()) {
                continue;
            }
            try (Frame frame = next.get()) {
                process(frame);
            } catch (RuntimeException e) {
                log.warn("Camera {}: frame {} failed and was skipped: {}", camera, next.get().sequence(), e.toString());
            }
        }
    }

    private void process(Frame frame) {
        frames.incrementAndGet();
        synchronized (lastFrameLock) {
            frame.bgr().copyTo(lastFrame);
        }
        if (!gate.shouldClassify(frame.bgr(), frame.capturedAt())) {
            skippedStill.incrementAndGet();
            return;
        }
        for (Zone zone : zones) {
            Mat crop = zone.region().crop(frame.bgr());
            try {
                if (!suppressedByDetection(zone, crop)) {
                    classify(zone, crop, frame);
                }
            } finally {
                crop.release();
            }
        }
    }

    /** Runs the zone's detection, if it has one; true when a suppress class holds its classification back. */
    private boolean suppressedByDetection(Zone zone, Mat crop) {
        ZoneDetection detection = detections.get(zone.name());
        if (detection == null) {
            return false;
        }
        try {
            return detection.observe(crop);
        } catch (RuntimeException e) {
            log.warn("Zone {}: detection failed on this frame: {}", zone.name(), e.toString());
            return false;
        }
    }

    private void classify(Zone zone, Mat crop, Frame frame) {
        long start = System.nanoTime();
        float[] embedding = embedder.embed(crop);
        Optional<Prediction> prediction;
        try {
            prediction = models.with(zone.model(), classifier -> classifier.decide(embedding));
        } catch (IOException e) {
            log.warn("Zone {}: model {} cannot be loaded: {}", zone.name(), zone.model(), e.getMessage());
            return;
        }
        lastInferenceMillis = (System.nanoTime() - start) / 1e6;
        if (prediction.isEmpty()) {
            return; // no model trained yet: nothing to decide
        }
        classified.incrementAndGet();
        String snapshotId = frame.capturedAt().toEpochMilli() + "-" + zone.name();
        Optional<Transition> transition;
        synchronized (zone.machine()) { // a threshold command may change its rules from another thread
            transition = zone.machine().observe(prediction.get(), frame.capturedAt(), snapshotId);
        }
        if (transition.isPresent()) {
            publish(transition.get(), frame, snapshotId);
        }
        if (inbox.isPresent()) {
            InboxCandidate candidate = new InboxCandidate(zone.name(), frame.capturedAt(), () -> jpeg(crop), embedding,
                    prediction.get());
            if (inbox.get().offer(candidate).status() == dev.magpie.inbox.CollectResult.Status.KEPT) {
                inboxKept.incrementAndGet();
            }
        }
    }

    private void publish(Transition transition, Frame frame, String snapshotId) {
        transition.state().ifPresent(sink::stateChanged);
        for (ZoneEvent event : transition.events()) {
            events.incrementAndGet();
            byte[] snapshot = event.type() == ZoneEvent.Type.START ? jpeg(frame.bgr()) : null;
            sink.event(event, snapshot);
            if (snapshot != null) {
                // After the sinks, not before: saving fsyncs the file and its folder (milliseconds on an SD card),
                // which must not delay the alert. The sinks get the JPEG itself, not the file.
                snapshots.save(snapshotId, snapshot);
            }
        }
    }

    private void endOpenIncidents() {
        for (Zone zone : zones) {
            String model = LoadedModels.CURRENT.equals(zone.model())
                    ? models.currentVersion().orElse(zone.model()) : zone.model();
            List<ZoneEvent> ended;
            synchronized (zone.machine()) {
                ended = zone.machine().endOpenIncidents(model);
            }
            for (ZoneEvent event : ended) {
                events.incrementAndGet();
                try {
                    sink.event(event, null);
                } catch (RuntimeException e) {
                    log.warn("Zone {}: the END of {} on shutdown was not delivered: {}", zone.name(), event.label(),
                            e.toString());
                }
            }
        }
    }

    static byte[] jpeg(Mat image) {
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", image, out)) {
                throw new IllegalStateException("OpenCV could not encode a JPEG");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }

    /**
     * Stops the loop, waits for the frame in hand to finish, then ends every open incident (an END with no snapshot),
     * so subscribers never see a START without its END across a shutdown or a reload; idempotent.
     */
    @Override
    public void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                log.warn("Camera {}: the inference thread did not stop within 10 s", camera);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endOpenIncidents();
        for (ZoneDetection detection : detections.values()) {
            try {
                detection.close();
            } catch (RuntimeException e) {
                log.warn("Zone {}: ending open visits failed: {}", detection.zone(), e.toString());
            }
        }
        synchronized (lastFrameLock) {
            lastFrame.release();
        }
    }
}
