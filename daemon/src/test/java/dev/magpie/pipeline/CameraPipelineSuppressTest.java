package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.devices.camera.Frame;
import dev.magpie.devices.camera.LatestFrameSlot;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.rules.Debounce;
import dev.magpie.rules.ZoneRules;
import dev.magpie.rules.ZoneStateMachine;
import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import dev.magpie.vision.Embedder;
import dev.magpie.vision.NativeLibraries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** The camera loop runs a zone's detection before its classification, and skips the classification while suppressed. */
class CameraPipelineSuppressTest {

    @TempDir
    Path dataDir;

    @Test
    void framesWithASuppressClassAreNotClassified() throws Exception {
        NativeLibraries.loadOpenCv();
        List<List<Detection>> script = new ArrayList<>(List.of(
                List.of(new Detection(0, "person", 0.9, 0, 0, 50, 80)),
                List.of(),
                List.of(new Detection(0, "person", 0.2, 0, 0, 50, 80)), // below min_score: not there
                List.of(new Detection(0, "person", 0.8, 10, 0, 50, 80))));
        AtomicInteger detected = new AtomicInteger();
        Detector detector = new Detector() {
            @Override
            public synchronized List<Detection> detect(Mat bgr) {
                detected.incrementAndGet();
                return script.isEmpty() ? List.of() : script.remove(0);
            }

            @Override
            public List<String> classNames() {
                return List.of("person");
            }

            @Override
            public void close() {
            }
        };
        AtomicInteger embedded = new AtomicInteger();
        Embedder embedder = new Embedder() {
            public int dimension() {
                return 4;
            }

            public String id() {
                return "stub";
            }

            public String sha256() {
                return "0".repeat(64);
            }

            public float[] embed(Mat bgr) {
                embedded.incrementAndGet();
                return new float[4];
            }

            public List<float[]> embedAll(List<Mat> bgr) {
                return bgr.stream().map(this::embed).toList();
            }

            public void close() {
            }
        };
        Zone zone = new Zone("feeder", "cam", ZoneRegion.rectangle(0, 0, 100, 100), LoadedModels.CURRENT,
                new ZoneStateMachine(new ZoneRules("feeder", Debounce.frames(2), List.of()), Clock.systemUTC()));
        ZoneDetection detection = new ZoneDetection("feeder", detector, 0.35, Set.of(), Set.of("person"), Optional.empty());
        LatestFrameSlot slot = new LatestFrameSlot();
        try (LoadedModels models = new LoadedModels(new ModelRegistry(dataDir, 4, new ObjectMapper()), embedder);
             CameraPipeline pipeline = new CameraPipeline("cam", slot, MotionGate.ALWAYS, List.of(zone), embedder, models,
                     new AlertSinks(), Optional.empty(), new SnapshotStore(dataDir.resolve("snapshots"), 10),
                     Map.of("feeder", detection)).start()) {
            for (int i = 0; i < 4; i++) {
                slot.put(new Frame(new Mat(120, 120, CvType.CV_8UC3, new Scalar(i * 40, 90, 90)), Instant.now(), i));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (pipeline.stats().frames() < i + 1 || detected.get() < i + 1) {
                    assertThat(System.nanoTime()).as("frame %d processed", i).isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
            Thread.sleep(100);
        }
        assertThat(detected).as("detection ran on every frame").hasValue(4);
        assertThat(embedded).as("only the frames without a person were classified").hasValue(2);
    }
}
