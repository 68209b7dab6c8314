package dev.magpie.pipeline;

import dev.magpie.config.DetectConfig;
import dev.magpie.detect.Box;
import dev.magpie.detect.DailySpeciesList;
import dev.magpie.detect.VisitTracker;
import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opencv.core.Mat;

/**
 * A zone's object detection: runs the shared detector on the zone's crop, feeds the boxes of the zone's
 * {@code detect.classes} to its {@link VisitTracker}, and says whether one of its {@code suppress} classes is in the
 * zone. Called on the camera's inference thread only.
 */
public final class ZoneDetection implements AutoCloseable {

    private static final double SAME_OBJECT_IOU = 0.7;

    private final String zone;
    private final Detector detector;
    private final double minScore;
    private final Set<String> visitClasses;
    private final Set<String> suppressClasses;
    private final Optional<VisitTracker> visits;
    private final boolean anyClass;

    /**
     * @param visits absent for a zone with only {@code suppress}
     */
    public ZoneDetection(String zone, Detector detector, double minScore, Set<String> visitClasses,
                         Set<String> suppressClasses, Optional<VisitTracker> visits) {
        this.zone = zone;
        this.detector = detector;
        this.minScore = minScore;
        this.visitClasses = Set.copyOf(visitClasses);
        this.suppressClasses = Set.copyOf(suppressClasses);
        this.visits = visits;
        this.anyClass = this.visitClasses.contains(DetectConfig.ANY_CLASS); // detect.classes: [any]
    }

    public String zone() {
        return zone;
    }

    /** Today's species and visit counts; empty for a zone with only {@code suppress}. */
    public Optional<DailySpeciesList.Day> speciesToday() {
        return visits.map(VisitTracker::today);
    }

    /**
     * Detects in the zone's crop and feeds the visit tracker; returns true when a suppress class is present, so the
     * caller holds the zone's classification back for this frame.
     */
    public boolean observe(Mat crop) {
        List<Box> boxes = new ArrayList<>();
        boolean suppressed = false;
        List<Detection> found = new ArrayList<>(detector.detect(crop));
        found.sort(java.util.Comparator.comparingDouble(Detection::score).reversed()); // the best box of an object first
        for (Detection d : found) {
            if (d.score() < minScore) {
                continue;
            }
            if (suppressClasses.contains(d.className())) {
                suppressed = true;
            }
            if ((anyClass || visitClasses.contains(d.className())) && d.width() >= 1 && d.height() >= 1) {
                Box box = new Box(d.x(), d.y(), d.width(), d.height());
                // one object boxed as two classes (YOLOX's NMS is per class) is still one visit
                if (boxes.stream().noneMatch(kept -> kept.iou(box) >= SAME_OBJECT_IOU)) {
                    boxes.add(box);
                }
            }
        }
        if (visits.isPresent()) {
            visits.get().onFrame(crop, boxes);
        }
        return suppressed;
    }

    /** Ends every open visit (an END each), so no START stays without its END across a shutdown or reload. */
    @Override
    public void close() {
        visits.ifPresent(VisitTracker::endAll);
    }
}
