package dev.magpie.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.devices.camera.SourceHealth;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.OwlScene;
import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.OnnxBackbone;
import dev.magpie.vision.YoloxDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Issue #5's bar, on real parts: a replay made here from real photos (the sample owl pasted into a tree photo for a
 * while, with the bare tree photo before and after), the daemon with a zone {@code detect: {classes: [bird], species:
 * inat}}, the real YOLOX detector and iNat bird model, and a real mosquitto. Exactly one visit comes out, with one
 * START and one END, named Burrowing Owl (the sample's expected answer, SAMPLES.md), and the retained species list
 * of the day holds it. No head is trained: detection does not need one.
 */
class DetectionEndToEndTest {

    private static final String SPECIES = OwlScene.SPECIES;
    private static final int WIDTH = OwlScene.WIDTH;
    private static final int HEIGHT = OwlScene.HEIGHT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OnnxBackbone backbone;
    private static MosquittoBroker broker;

    @TempDir
    Path temp;

    @BeforeAll
    static void start(@TempDir Path brokerDir) throws Exception {
        Assumptions.assumeTrue(System.getenv(ModelResolver.MODEL_PATH_VARIABLE) != null,
                "the daemon finds the detector and species models through MAGPIE_MODEL_PATH (=../shared/models)");
        NativeLibraries.loadOpenCv();
        backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
        broker = MosquittoBroker.builder(brokerDir).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (backbone != null) {
            backbone.close();
        }
    }

    @Test
    void aBirdPastedInAndOutOfATreePhotoIsOneVisitOfTheRightSpecies() throws Exception {
        byte[] empty = OwlScene.background();
        byte[] withOwl = OwlScene.withOwl();
        assertTheSceneIsHonest(empty, withOwl);
        List<byte[]> scene = new ArrayList<>();
        scene.addAll(repeat(empty, 6));
        scene.addAll(repeat(withOwl, 14));
        scene.addAll(repeat(empty, 14));
        Path frames = Files.createDirectories(temp.resolve("frames"));
        for (int i = 0; i < scene.size(); i++) {
            Files.write(frames.resolve(String.format("%04d.jpg", i)), scene.get(i));
        }
        String device = "detect-" + Long.toHexString(System.nanoTime());
        try (MqttProbe probe = MqttProbe.connect(broker.uri())) {
            probe.subscribe("magpie/" + device + "/#");
            Path dataDir = temp.resolve("data");
            try (DatasetStore store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT));
                 DaemonRunner runner = runner(device, frames, new Daemon.Core(dataDir, store,
                         new ImageDecoder(ImageLimits.DEFAULT), backbone,
                         new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper()), TrainingOptions.defaults(1)))) {
                DaemonEndToEndTest.await(WAIT, () -> runner.daemon().cameraHealth().get(0).state() == SourceHealth.State.ENDED,
                        "the replay ends");
                List<MqttProbe.Received> visits = new ArrayList<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (types(visits).stream().noneMatch("end"::equals) && System.nanoTime() < deadline) {
                    visits.addAll(probe.collect("magpie/" + device + "/feeder/#", 100, Duration.ofMillis(300)));
                }
                visits.addAll(probe.collect("magpie/" + device + "/feeder/#", 100, Duration.ofSeconds(1)));
                List<JsonNode> events = visits.stream().filter(m -> m.topic().endsWith("/feeder/visit")).map(DetectionEndToEndTest::json).toList();

                assertThat(types(visits)).as("visit events: %s", events).containsOnlyOnce("start", "end");
                assertThat(types(visits)).as("every event is of the one visit").doesNotContain("");
                assertThat(events.stream().map(e -> e.get("visit_id").asText()).distinct()).as("one visit").hasSize(1);
                JsonNode start = events.stream().filter(e -> e.get("type").asText().equals("start")).findFirst().orElseThrow();
                JsonNode end = events.stream().filter(e -> e.get("type").asText().equals("end")).findFirst().orElseThrow();
                assertThat(start.get("zone").asText()).isEqualTo("feeder");
                assertThat(start.get("species").asText()).isEqualTo(SPECIES);
                assertThat(start.get("confidence").asDouble()).isGreaterThan(0.5);
                assertThat(end.get("species").asText()).isEqualTo(SPECIES);
                assertThat(end.get("duration_ms").asLong()).isPositive();
                assertThat(types(visits)).as("a species never seen before in this data dir").contains("first_ever");

                MqttProbe.Received snapshot = visits.stream().filter(m -> m.topic().endsWith("/feeder/visit/snapshot"))
                        .findFirst().orElseThrow(() -> new AssertionError("no visit snapshot in " + topics(visits)));
                Mat decoded = Imgcodecs.imdecode(new MatOfByte(snapshot.payload()), Imgcodecs.IMREAD_COLOR);
                assertThat(decoded.empty()).as("the visit snapshot is a JPEG").isFalse();
                decoded.release();
                assertThat(visits).as("no classification events: no head is trained")
                        .noneMatch(m -> m.topic().endsWith("/feeder/event"));
                assertThat(runner.daemon().pipelines().get(0).speciesToday().get("feeder").visits())
                        .containsExactly(Map.entry(SPECIES, 1));
            }
        }
        try (MqttProbe late = MqttProbe.connect(broker.uri())) {
            late.subscribe("magpie/" + device + "/feeder/species/today");
            MqttProbe.Received list = late.next("magpie/" + device + "/feeder/species/today", WAIT);
            assertThat(list.retained()).isTrue();
            JsonNode today = json(list);
            assertThat(today.get("zone").asText()).isEqualTo("feeder");
            assertThat(today.get("species").get(SPECIES).asInt()).isEqualTo(1);
            assertThat(today.get("species").size()).isEqualTo(1);
        }
    }

    /** The detector finds a bird in the pasted frame and nothing bird-like in the bare one. */
    private static void assertTheSceneIsHonest(byte[] empty, byte[] withOwl) throws Exception {
        try (YoloxDetector detector = YoloxDetector.load(SharedFiles.models().resolve(ModelSpec.YOLOX_NANO.name())
                .resolve(ModelSpec.YOLOX_NANO.fileName()), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withScoreThreshold(0.35).withClasses(Set.of("bird")))) {
            Mat bare = Imgcodecs.imdecode(new MatOfByte(empty), Imgcodecs.IMREAD_COLOR);
            Mat owl = Imgcodecs.imdecode(new MatOfByte(withOwl), Imgcodecs.IMREAD_COLOR);
            try {
                assertThat(detector.detect(bare)).as("birds in the bare tree photo").isEmpty();
                assertThat(detector.detect(owl)).as("birds in the pasted frame").hasSize(1);
            } finally {
                bare.release();
                owl.release();
            }
        }
    }

    private DaemonRunner runner(String device, Path frames, Daemon.Core core) throws Exception {
        String yaml = """
                device:
                  id: %s
                cameras:
                  - name: cam
                    source:
                      replay: %s
                      loop: false
                      fps: 4
                    width: %d
                    height: %d
                    fps: 4
                motion:
                  enabled: false
                zones:
                  - name: feeder
                    rect: [0, 0, %d, %d]
                    detect:
                      classes: [bird]
                      species: inat
                mqtt:
                  enabled: true
                  broker: %s
                  discovery: false
                  keepalive_seconds: 5
                retraining:
                  enabled: false
                inbox:
                  enabled: false
                """.formatted(device, frames, WIDTH, HEIGHT, WIDTH, HEIGHT, broker.uri());
        Path file = temp.resolve("magpie.yaml");
        Files.writeString(file, yaml);
        MagpieConfig config = new ConfigLoader().parse(yaml, "test");
        return DaemonRunner.start(config, Optional.of(file), core, Map.of(), Clock.systemUTC(), List.of(), "test");
    }

    private static List<String> types(List<MqttProbe.Received> messages) {
        return messages.stream().filter(m -> m.topic().endsWith("/feeder/visit")).map(m -> json(m).path("type").asText()).toList();
    }

    private static List<String> topics(List<MqttProbe.Received> messages) {
        return messages.stream().map(MqttProbe.Received::topic).toList();
    }

    private static List<byte[]> repeat(byte[] frame, int times) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            frames.add(frame);
        }
        return frames;
    }

    private static JsonNode json(MqttProbe.Received message) {
        try {
            return JSON.readTree(message.payload());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON on " + message.topic() + ": " + message.text(), e);
        }
    }
}
