package dev.magpie.detect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns one region's bird boxes, frame by frame, into visits: an {@link IouTracker} follows the boxes; every box of a
 * live track is cropped (padded square) and named by the {@link SpeciesClassifier}; the visit keeps the best answer
 * the region's {@link SpeciesFilter} permits and the snapshot with the best {@link Sharpness} score. Events go to the
 * listener on the caller's thread: START when a track is confirmed, UPDATE only when the answer improves (the same
 * species by at least {@code minImprovement}, or a different species beating the current one by at least
 * {@code switchMargin}), END when the track ends, and FIRST_EVER / FIRST_TODAY from the {@link SpeciesLedger}.
 * Crops answered below {@code lowConfidence} go to the low-confidence sink (the inbox hook) as JPEG, one per visit
 * per species so a long visit does not flood the inbox. Not thread-safe: one camera thread calls {@link #onFrame}.
 */
public final class VisitTracker implements AutoCloseable {

    /** A crop the species model was unsure about. */
    public record UnsureCrop(String region, long visitId, byte[] jpeg, SpeciesGuess guess, Instant at) {
    }

    /** Thresholds of one region. */
    public record Settings(double minImprovement, double switchMargin, double lowConfidence) {
        public static final Settings DEFAULTS = new Settings(0.05, 0.15, 0.5);
    }

    private final class Open {
        final long id;
        final Instant start;
        String species = Visit.UNKNOWN;
        double confidence;
        double snapshotScore = -1;
        byte[] snapshot = new byte[0];
        Box box;
        boolean started;
        final java.util.Set<String> sentUnsure = new java.util.HashSet<>();

        Open(long id, Instant start, Box box) {
            this.id = id;
            this.start = start;
            this.box = box;
        }

        Visit visit(Optional<Instant> end) {
            return new Visit(id, region, species, confidence, start, end, snapshot, box);
        }
    }

    private final String region;
    private final IouTracker tracker;
    private final SpeciesClassifier classifier;
    private final SpeciesFilter filter;
    private final SpeciesLedger ledger;
    private final DailySpeciesList daily;
    private final Settings settings;
    private final Consumer<VisitEvent> listener;
    private final Consumer<UnsureCrop> unsure;
    private final Clock clock;
    private final Map<Long, Open> open = new HashMap<>();

    public VisitTracker(String region, IouTracker tracker, SpeciesClassifier classifier, SpeciesFilter filter,
                        SpeciesLedger ledger, DailySpeciesList daily, Settings settings, Consumer<VisitEvent> listener,
                        Consumer<UnsureCrop> unsure, Clock clock) {
        this.region = region;
        this.tracker = tracker;
        this.classifier = classifier;
        this.filter = filter;
        this.ledger = ledger;
        this.daily = daily;
        this.settings = settings;
        this.listener = listener;
        this.unsure = unsure;
        this.clock = clock;
    }

    /** One frame's bird boxes (in pixels of {@code frame}); the frame is only read. */
    public void onFrame(Mat frame, List<Box> boxes) {
        Instant now = clock.instant();
        IouTracker.Step step = tracker.update(boxes);
        for (int b = 0; b < boxes.size(); b++) {
            long id = step.trackOfBox()[b];
            Box box = boxes.get(b).clippedTo(frame.cols(), frame.rows());
            Open visit = open.computeIfAbsent(id, k -> new Open(k, now, box));
            visit.box = box;
            if (box.width() >= 2 && box.height() >= 2) {
                observe(visit, frame, box, now);
            }
        }
        for (IouTracker.Track t : step.confirmed()) {
            Open visit = open.get(t.id());
            visit.started = true;
            if (!Visit.UNKNOWN.equals(visit.species)) {
                daily.countVisit(visit.species);
            }
            listener.accept(new VisitEvent(VisitEvent.Type.START, visit.visit(Optional.empty()), now, Duration.between(visit.start, now)));
            firsts(visit, now);
        }
        for (IouTracker.Track t : step.ended()) {
            end(t, now);
        }
        open.keySet().removeIf(id -> step.live().stream().noneMatch(t -> t.id() == id));
    }

    /** Ends every open visit (shutdown, camera lost), so no START stays without its END. */
    public void endAll() {
        Instant now = clock.instant();
        for (IouTracker.Track t : tracker.endAll()) {
            end(t, now);
        }
        open.clear();
    }

    public DailySpeciesList.Day today() {
        return daily.today();
    }

    private void end(IouTracker.Track t, Instant now) {
        Open visit = open.get(t.id());
        if (visit == null || !visit.started) {
            return;
        }
        listener.accept(new VisitEvent(VisitEvent.Type.END, visit.visit(Optional.of(t.lastSeen())), now,
                Duration.between(visit.start, t.lastSeen())));
    }

    private void observe(Open visit, Mat frame, Box box, Instant now) {
        Mat crop = Crops.paddedSquare(frame, box);
        try {
            double score = Sharpness.score(crop, box);
            if (score > visit.snapshotScore) {
                visit.snapshotScore = score;
                visit.snapshot = jpeg(crop);
            }
            SpeciesGuess guess = classifier.classify(crop);
            if (guess.confidence() < settings.lowConfidence() && visit.sentUnsure.add(guess.species())) {
                unsure.accept(new UnsureCrop(region, visit.id, jpeg(crop), guess, now));
            }
            if (!filter.permits(guess.species()) || guess.confidence() < settings.lowConfidence()) {
                return;
            }
            boolean improves = Visit.UNKNOWN.equals(visit.species)
                    || (guess.species().equals(visit.species) && guess.confidence() >= visit.confidence + settings.minImprovement())
                    || (!guess.species().equals(visit.species) && guess.confidence() >= visit.confidence + settings.switchMargin());
            if (!improves) {
                return;
            }
            String before = visit.species;
            visit.species = guess.species();
            visit.confidence = guess.confidence();
            if (visit.started) {
                if (Visit.UNKNOWN.equals(before)) {
                    daily.countVisit(visit.species);
                } else if (!before.equals(visit.species)) {
                    daily.moveVisit(before, visit.species);
                }
                listener.accept(new VisitEvent(VisitEvent.Type.UPDATE, visit.visit(Optional.empty()), now, Duration.between(visit.start, now)));
                if (!before.equals(visit.species)) {
                    firsts(visit, now);
                }
            }
        } finally {
            crop.release();
        }
    }

    private void firsts(Open visit, Instant now) {
        if (Visit.UNKNOWN.equals(visit.species)) {
            return;
        }
        SpeciesLedger.Firsts firsts = ledger.record(visit.species, now);
        if (firsts.ever() || firsts.today()) {
            listener.accept(new VisitEvent(firsts.ever() ? VisitEvent.Type.FIRST_EVER : VisitEvent.Type.FIRST_TODAY,
                    visit.visit(Optional.empty()), now, Duration.between(visit.start, now)));
        }
    }

    private static byte[] jpeg(Mat crop) {
        MatOfByte bytes = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", crop, bytes, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
            return bytes.toArray();
        } finally {
            bytes.release();
        }
    }

    @Override
    public void close() {
        endAll();
    }
}
