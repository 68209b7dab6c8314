package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.detect.DailySpeciesList;
import dev.magpie.detect.IouTracker;
import dev.magpie.detect.SpeciesFilter;
import dev.magpie.detect.SpeciesGuess;
import dev.magpie.detect.SpeciesLedger;
import dev.magpie.detect.VisitTracker;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import dev.magpie.vision.NativeLibraries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** A zone's detection with a scripted detector: class and score filtering, suppress, visits relayed to the sink. */
class ZoneDetectionTest {

    @TempDir
    Path dataDir;

    private final List<String> said = new ArrayList<>();
    private final AlertSink sink = new AlertSink() {
        @Override
        public void stateChanged(ZoneState state) {
        }

        @Override
        public void event(ZoneEvent event, byte[] snapshotJpeg) {
        }

        @Override
        public void visit(VisitReport visit) {
            said.add(visit.type() + " " + visit.species());
        }

        @Override
        public void speciesToday(SpeciesToday today) {
            said.add("today " + today.zone() + " " + today.visits());
        }
    };

    @BeforeAll
    static void natives() {
        NativeLibraries.loadOpenCv();
    }

    /** Answers each call with the next frame's detections. */
    private static final class Scripted implements Detector {
        private final List<List<Detection>> frames;
        private int next;

        Scripted(List<List<Detection>> frames) {
            this.frames = frames;
        }

        @Override
        public List<Detection> detect(Mat bgr) {
            return next < frames.size() ? frames.get(next++) : List.of();
        }

        @Override
        public List<String> classNames() {
            return List.of("bird", "person");
        }

        @Override
        public void close() {
        }
    }

    private static Detection bird(double score) {
        return new Detection(0, "bird", score, 20, 20, 40, 30);
    }

    private static Detection person() {
        return new Detection(1, "person", 0.9, 0, 0, 60, 90);
    }

    private ZoneDetection zone(Detector detector, Set<String> suppress) throws Exception {
        return zone(detector, suppress, Set.of("bird"));
    }

    private ZoneDetection zone(Detector detector, Set<String> suppress, Set<String> classes) throws Exception {
        Clock clock = Clock.systemUTC();
        DailySpeciesList daily = new DailySpeciesList(clock, ZoneOffset.UTC);
        VisitTracker visits = new VisitTracker("feeder", new IouTracker(clock, 0.3, 1, 2),
                crop -> new SpeciesGuess("Burrowing Owl", 0.9), SpeciesFilter.ALLOW_ALL,
                SpeciesLedger.open(dataDir, ZoneOffset.UTC), daily, VisitTracker.Settings.DEFAULTS,
                new VisitRelay("feeder", daily, sink), crop -> { }, clock);
        return new ZoneDetection("feeder", detector, 0.35, classes, suppress, Optional.of(visits));
    }

    @Test
    void birdBoxesBecomeOneVisitWithTheDaysListAfterItsStart() throws Exception {
        List<List<Detection>> script = List.of(List.of(bird(0.9)), List.of(bird(0.8), person()), List.of(bird(0.2)),
                List.of(), List.of());
        ZoneDetection detection = zone(new Scripted(script), Set.of());
        Mat crop = new Mat(100, 100, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try {
            for (int i = 0; i < script.size(); i++) {
                assertThat(detection.observe(crop)).as("nothing suppresses").isFalse();
            }
        } finally {
            crop.release();
        }
        assertThat(said).containsExactly("start Burrowing Owl", "today feeder {Burrowing Owl=1}",
                "first_ever Burrowing Owl", "end Burrowing Owl");
    }

    @Test
    void anyClassKeepsEveryObjectOnceEvenWhenTheDetectorBoxesItAsTwoClasses() throws Exception {
        // one object boxed as scissors and as toothbrush (the same box, give or take), and a second object apart
        List<Detection> frame = List.of(new Detection(76, "scissors", 0.6, 20, 20, 40, 30),
                new Detection(79, "toothbrush", 0.5, 21, 20, 40, 31), new Detection(0, "person", 0.7, 70, 60, 20, 30));
        List<List<Detection>> script = List.of(frame, frame, frame, List.of(), List.of(), List.of());
        ZoneDetection detection = zone(new Scripted(script), Set.of(), Set.of(dev.magpie.config.DetectConfig.ANY_CLASS));
        Mat crop = new Mat(100, 100, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try {
            for (int i = 0; i < script.size(); i++) {
                detection.observe(crop);
            }
        } finally {
            crop.release();
        }
        assertThat(said.stream().filter(s -> s.startsWith("start "))).as("two objects, two visits: %s", said).hasSize(2);
        assertThat(said.stream().filter(s -> s.startsWith("end "))).hasSize(2);
    }

    @Test
    void aSuppressClassHoldsClassificationBackOnlyWhileItIsThere() throws Exception {
        ZoneDetection detection = zone(new Scripted(List.of(List.of(person()), List.of(bird(0.9)), List.of())),
                Set.of("person"));
        Mat crop = new Mat(100, 100, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try {
            assertThat(detection.observe(crop)).isTrue();
            assertThat(detection.observe(crop)).isFalse();
            assertThat(detection.observe(crop)).isFalse();
        } finally {
            crop.release();
        }
    }

    @Test
    void closingEndsAnOpenVisit() throws Exception {
        ZoneDetection detection = zone(new Scripted(List.of(List.of(bird(0.9)), List.of(bird(0.9)))), Set.of());
        Mat crop = new Mat(100, 100, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try {
            detection.observe(crop);
            detection.observe(crop);
        } finally {
            crop.release();
        }
        detection.close();
        assertThat(said).first().isEqualTo("start Burrowing Owl");
        assertThat(said).last().isEqualTo("end Burrowing Owl");
    }
}
