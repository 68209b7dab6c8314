package dev.magpie.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxItem;
import dev.magpie.dataset.InboxOrder;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.devices.camera.SourceHealth;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.PipelineStats;
import dev.magpie.pipeline.Retrainer;
import dev.magpie.testing.LogCapture;
import dev.magpie.testing.MjpegCameraServer;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The daemon on real parts: the shared MobileNetV2 backbone with heads trained here on real photos, a real SQLite
 * dataset, a real mosquitto on a free loopback port, and cameras that replay files or stream MJPEG over HTTP.
 *
 * <p>The scene is honest: trashnet's {@code cardboard} photos play the empty feeder ({@code None}) and its
 * {@code glass} photos the visitor ({@code glass}). The model is trained on the first photos of each label; the
 * frames the camera shows are other photos of the same labels, shrunk to {@value #FRAME_WIDTH} px wide.
 */
class DaemonEndToEndTest {

    private static final String DATASET = "trashnet-subset";
    private static final String SUBJECT = "glass";
    private static final int TRAIN_PER_LABEL = 12;
    private static final int FRAME_WIDTH = 128;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OnnxBackbone backbone;
    private static ImageDecoder decoder;
    private static MosquittoBroker broker;
    private static List<byte[]> backgrounds;
    private static List<byte[]> subjects;
    private static int frameHeight;

    @TempDir
    Path temp;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private DatasetStore store;
    private ModelRegistry registry;
    private Daemon.Core core;
    private int deviceCounter;

    @BeforeAll
    static void startSharedParts(@TempDir Path brokerDir) throws IOException {
        NativeLibraries.loadOpenCv();
        backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
        decoder = new ImageDecoder(ImageLimits.DEFAULT);
        broker = MosquittoBroker.builder(brokerDir).start();
        List<Path> cardboard = TestImages.realImages(DATASET, "cardboard", 40);
        List<Path> glass = TestImages.realImages(DATASET, SUBJECT, 40);
        backgrounds = new ArrayList<>();
        subjects = new ArrayList<>();
        for (int i = 30; i < 38; i++) { // never trained on
            backgrounds.add(small(cardboard.get(i)));
            subjects.add(small(glass.get(i)));
        }
    }

    @AfterAll
    static void stopSharedParts() {
        if (broker != null) {
            broker.close();
        }
        if (backbone != null) {
            backbone.close();
        }
    }

    @AfterEach
    void closeEverything() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void subjectArrivingAndLeavingRaisesOneStartWithSnapshotAndOneEnd() throws Exception {
        trainedModels(1);
        List<byte[]> scene = new ArrayList<>();
        scene.addAll(repeat(backgrounds.get(0), 8));
        scene.addAll(repeat(subjects.get(0), 10));
        scene.addAll(repeat(backgrounds.get(0), 8));
        Path frames = replayFolder("arrival", scene);
        String device = device();
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe("magpie/" + device + "/#");

        DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: false\n      fps: 20",
                "feeder", inboxOff()));
        Daemon daemon = runner.daemon();
        await(WAIT, () -> daemon.cameraHealth().get(0).state() == SourceHealth.State.ENDED, "the replay ends");
        PipelineStats stats = drained(daemon.pipelines().get(0));
        assertThat(stats.classified()).as("frames classified").isGreaterThanOrEqualTo(10);

        List<MqttProbe.Received> feeder = new ArrayList<>();
        await(WAIT, () -> {
            feeder.addAll(collectQuietly(probe, "magpie/" + device + "/feeder/#"));
            return feeder.stream().filter(m -> m.topic().endsWith("/event")).count() >= 2;
        }, "two events");
        feeder.addAll(probe.collect("magpie/" + device + "/feeder/#", 100, Duration.ofMillis(500)));

        List<JsonNode> events = new ArrayList<>();
        int startIndex = -1;
        for (int i = 0; i < feeder.size(); i++) {
            if (feeder.get(i).topic().endsWith("/event")) {
                JsonNode event = JSON.readTree(feeder.get(i).payload());
                if (event.get("type").asText().equals("start")) {
                    startIndex = i;
                }
                events.add(event);
            }
        }
        assertThat(events).as("events: %s", events).hasSize(2);
        JsonNode start = events.get(0);
        JsonNode end = events.get(1);
        assertThat(start.get("type").asText()).isEqualTo("start");
        assertThat(start.get("label").asText()).isEqualTo(SUBJECT);
        assertThat(start.get("model").asText()).isEqualTo("v0001");
        assertThat(end.get("type").asText()).isEqualTo("end");
        assertThat(end.get("label").asText()).isEqualTo(SUBJECT);
        assertThat(end.get("duration_ms").asLong()).isPositive();

        MqttProbe.Received snapshot = feeder.get(startIndex - 1);
        assertThat(snapshot.topic()).as("published just before the START").endsWith("/feeder/snapshot");
        assertThat(feeder.stream().filter(m -> m.topic().endsWith("/snapshot")).count()).isEqualTo(1);
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(snapshot.payload()), Imgcodecs.IMREAD_COLOR);
        assertThat(decoded.empty()).as("the snapshot is a JPEG").isFalse();
        assertThat(decoded.cols()).isEqualTo(FRAME_WIDTH);
        decoded.release();

        try (MqttProbe late = MqttProbe.connect(broker.uri())) {
            late.subscribe("magpie/" + device + "/feeder/state").subscribe("magpie/" + device + "/status");
            List<MqttProbe.Received> retained = late.collect("magpie/" + device + "/#", 2, WAIT);
            assertThat(retained).allMatch(MqttProbe.Received::retained);
            assertThat(text(retained, "/status")).isEqualTo("online");
            JsonNode state = JSON.readTree(text(retained, "/feeder/state"));
            assertThat(state.get("label").asText()).as("the feeder is empty again").isEqualTo("None");
            assertThat(state.get("model").asText()).isEqualTo("v0001");
        }

        runner.close();
        try (MqttProbe after = MqttProbe.connect(broker.uri())) {
            after.subscribe("magpie/" + device + "/status");
            MqttProbe.Received status = after.next("magpie/" + device + "/status", WAIT);
            assertThat(status.retained()).isTrue();
            assertThat(status.text()).isEqualTo("offline");
        }
    }

    @Test
    void stoppingWhileTheSubjectIsPresentEndsItsIncidentBeforeGoingOffline() throws Exception {
        trainedModels(1);
        Path frames = replayFolder("stay", repeat(subjects.get(5), 2));
        String device = device();
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe("magpie/" + device + "/feeder/event")
                .subscribe("magpie/" + device + "/status");
        DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: true\n      fps: 20",
                "feeder", inboxOff()));
        JsonNode start = json(probe.next("magpie/" + device + "/feeder/event", WAIT));
        assertThat(start.get("type").asText()).isEqualTo("start");

        runner.close();
        List<MqttProbe.Received> after = new ArrayList<>();
        await(WAIT, () -> {
            after.addAll(collectQuietly(probe, "magpie/" + device + "/#"));
            return after.stream().anyMatch(m -> m.topic().endsWith("/status") && m.text().equals("offline"));
        }, "offline");
        List<JsonNode> ends = after.stream().filter(m -> m.topic().endsWith("/event")).map(DaemonEndToEndTest::json)
                .toList();
        assertThat(ends).as("a START is never left without its END").hasSize(1);
        assertThat(ends.get(0).get("type").asText()).isEqualTo("end");
        assertThat(ends.get(0).get("label").asText()).isEqualTo(SUBJECT);
        assertThat(ends.get(0).get("duration_ms").asLong()).isPositive();
        assertThat(ends.get(0).get("model").asText()).isEqualTo("v0001");
    }

    @Test
    void commandsOverMqttAnswerAndChangeTheRunningDaemon() throws Exception {
        trainedModels(2);
        Path frames = replayFolder("commands", repeat(backgrounds.get(1), 2));
        String device = device();
        String cmd = "magpie/" + device + "/cmd/";
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe(cmd + "+/reply")
                .subscribe("magpie/" + device + "/retrain");
        DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: true\n      fps: 20",
                "feeder", inboxOff()));
        Daemon daemon = runner.daemon();
        await(WAIT, () -> daemon.pipelines().get(0).stats().frames() > 0, "a first frame");
        listening(probe, cmd);

        int before = store.images(LabelName.NONE).size();
        JsonNode captured = command(probe, cmd, "capture", "{\"id\":1,\"zone\":\"feeder\",\"label\":\"None\"}");
        assertThat(captured.get("ok").asBoolean()).as(captured.toString()).isTrue();
        assertThat(captured.get("request_id").asInt()).isEqualTo(1);
        assertThat(store.images(LabelName.NONE)).hasSize(before + 1);
        assertThat(store.find(captured.get("data").get("sha256").asText())).isPresent();

        JsonNode threshold = command(probe, cmd, "threshold", "{\"zone\":\"feeder\",\"label\":\"glass\",\"threshold\":0.8}");
        assertThat(threshold.get("ok").asBoolean()).as(threshold.toString()).isTrue();
        assertThat(daemon.pipelines().get(0).zones().get(0).machine().rules().get(SUBJECT).threshold()).isEqualTo(0.8);
        JsonNode badThreshold = command(probe, cmd, "threshold", "{\"zone\":\"feeder\",\"label\":\"glass\",\"threshold\":1.5}");
        assertThat(badThreshold.get("ok").asBoolean()).isFalse();
        assertThat(badThreshold.get("error").asText()).isEqualTo("invalid_argument");
        assertThat(daemon.pipelines().get(0).zones().get(0).machine().rules().get(SUBJECT).threshold()).isEqualTo(0.8);

        JsonNode promoted = command(probe, cmd, "promote", "{\"version\":\"v0002\"}");
        assertThat(promoted.get("ok").asBoolean()).as(promoted.toString()).isTrue();
        assertThat(daemon.models().currentVersion()).contains("v0002");
        JsonNode rolledBack = command(probe, cmd, "rollback", "");
        assertThat(rolledBack.get("ok").asBoolean()).as(rolledBack.toString()).isTrue();
        assertThat(rolledBack.get("data").get("version").asText()).isEqualTo("v0001");
        assertThat(daemon.models().currentVersion()).contains("v0001");

        int imagesBefore = store.images().size();
        JsonNode malformed = command(probe, cmd, "promote", "{\"version\": v0002");
        assertThat(malformed.get("ok").asBoolean()).isFalse();
        assertThat(malformed.get("error").asText()).isEqualTo("bad_json");
        assertThat(daemon.models().currentVersion()).as("nothing changed").contains("v0001");
        assertThat(store.images()).hasSize(imagesBefore);
        assertThat(registry.current()).contains("v0001");

        JsonNode retrain = command(probe, cmd, "retrain", "{}");
        assertThat(retrain.get("ok").asBoolean()).as(retrain.toString()).isTrue();
        JsonNode notice = JSON.readTree(probe.next("magpie/" + device + "/retrain", Duration.ofSeconds(60)).payload());
        assertThat(notice.get("version").asText()).isEqualTo("v0003");
        assertThat(notice.get("promoted").isBoolean()).isTrue();
        assertThat(notice.get("reason").asText()).isNotBlank();
        if (notice.get("promoted").asBoolean()) {
            await(WAIT, () -> daemon.models().currentVersion().equals(Optional.of("v0003")), "v0003 in use");
        }
    }

    @Test
    void unsureFramesFillTheInboxOnlyUpToTheRateLimitWithTheirMetadata() throws Exception {
        trainedModels(1);
        List<byte[]> scene = new ArrayList<>();
        for (int i = 0; i < backgrounds.size(); i++) { // every frame a different photo, so none is a duplicate
            scene.add(backgrounds.get(i));
            scene.add(subjects.get(i));
        }
        Path frames = replayFolder("inbox", scene);
        String device = device();
        String inbox = """
                inbox:
                  enabled: true
                  confidence_below: 1.0
                  sample_rate: 1.0
                  duplicate_distance: 0
                  per_minute: 3
                  per_hour: 100
                  per_day: 100
                """;
        DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: false\n      fps: 20",
                "feeder", inbox));
        Daemon daemon = runner.daemon();
        await(WAIT, () -> daemon.cameraHealth().get(0).state() == SourceHealth.State.ENDED, "the replay ends");
        PipelineStats stats = drained(daemon.pipelines().get(0));
        assertThat(stats.classified()).as("more unsure frames than the limit").isGreaterThan(3);

        List<InboxItem> items = store.inboxItems(InboxOrder.OLDEST);
        assertThat(items).as("per_minute: 3").hasSize(3);
        assertThat(stats.inboxKept()).isEqualTo(3);
        for (InboxItem item : items) {
            assertThat(item.meta()).as("collected with metadata").isPresent();
            assertThat(item.meta().get().zone()).isEqualTo("feeder");
            assertThat(item.meta().get().model()).isEqualTo("v0001");
            assertThat(item.meta().get().scores()).extracting(s -> s.label()).containsExactlyInAnyOrder("None", SUBJECT);
            assertThat(item.meta().get().reason()).isNotBlank();
            assertThat(item.image().label()).isEmpty();
        }
    }

    @Test
    void retrainPromotesBetterDataAndRefusesWorseKeepingTheCurrentModel() throws Exception {
        trainedModels(1);
        Path frames = replayFolder("retrain", repeat(backgrounds.get(2), 2));
        String device = device();
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe("magpie/" + device + "/retrain");
        DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: true\n      fps: 10",
                "feeder", inboxOff()));
        Retrainer retrainer = runner.daemon().retrainer();

        addPhotos("cardboard", LabelName.NONE, TRAIN_PER_LABEL, TRAIN_PER_LABEL + 4);
        addPhotos(SUBJECT, LabelName.of(SUBJECT), TRAIN_PER_LABEL, TRAIN_PER_LABEL + 4);
        Retrainer.Outcome better = retrainer.request("more good labels").get(60, TimeUnit.SECONDS);
        assertThat(better.promoted()).as(better.reason()).isTrue();
        assertThat(better.version()).isEqualTo("v0002");
        assertThat(runner.daemon().models().currentVersion()).contains("v0002");
        JsonNode promotedNotice = JSON.readTree(probe.next("magpie/" + device + "/retrain", WAIT).payload());
        assertThat(promotedNotice.get("promoted").asBoolean()).isTrue();
        assertThat(promotedNotice.get("version").asText()).isEqualTo("v0002");

        // The owner mislabels: every training photo gets the other label. The held-out photos keep their true
        // labels, so both models are scored on the same truth.
        for (StoredImage image : store.images()) {
            if (image.split() == Split.TRAIN && image.label().isPresent()) {
                LabelName other = image.label().get().equals(LabelName.NONE) ? LabelName.of(SUBJECT) : LabelName.NONE;
                store.relabel(image.sha256(), Optional.of(other));
            }
        }
        Retrainer.Outcome worse = retrainer.request("mislabelled").get(60, TimeUnit.SECONDS);
        assertThat(worse.promoted()).as(worse.reason()).isFalse();
        assertThat(worse.version()).isEqualTo("v0003");
        assertThat(worse.reason()).contains("macro-F1").contains("v0002 stays");
        assertThat(runner.daemon().models().currentVersion()).contains("v0002");
        assertThat(registry.current()).contains("v0002");
        JsonNode refusedNotice = JSON.readTree(probe.next("magpie/" + device + "/retrain", WAIT).payload());
        assertThat(refusedNotice.get("promoted").asBoolean()).isFalse();
        assertThat(refusedNotice.get("version").asText()).isEqualTo("v0003");
        assertThat(refusedNotice.get("reason").asText()).contains("worse by more than 0.020");
    }

    @Test
    void promotingUnderLoadSwapsTheModelWithoutLosingAFrame() throws Exception {
        trainedModels(2);
        List<byte[]> scene = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scene.addAll(repeat(backgrounds.get(i), 4));
            scene.addAll(repeat(subjects.get(i), 4));
        }
        Path frames = replayFolder("swap", scene);
        String device = device();
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe("magpie/" + device + "/feeder/state");
        try (LogCapture log = LogCapture.start()) {
            DaemonRunner runner = runner(device, config(device, "replay: " + frames + "\n      loop: true\n      fps: 30",
                    "feeder", inboxOff()));
            Daemon daemon = runner.daemon();
            CameraPipeline pipeline = daemon.pipelines().get(0);
            await(WAIT, () -> pipeline.stats().classified() >= 15, "frames classified by v0001");
            long beforeSwap = pipeline.stats().classified();

            DaemonCommands.CommandResult promoted = daemon.commands().promote("v0002");
            assertThat(promoted.ok()).as(promoted.message()).isTrue();
            assertThat(daemon.models().currentVersion()).contains("v0002");
            await(WAIT, () -> pipeline.stats().classified() >= beforeSwap + 15, "frames classified after the swap");
            await(WAIT, () -> {
                for (MqttProbe.Received state : collectQuietly(probe, "magpie/" + device + "/feeder/state")) {
                    if (json(state).get("model").asText().equals("v0002")) {
                        return true;
                    }
                }
                return false;
            }, "a state decided by v0002");

            runner.close();
            PipelineStats stats = pipeline.stats();
            assertThat(stats.classified()).as("every frame taken was classified: %s", stats).isEqualTo(stats.frames());
            assertThat(log.text()).doesNotContain("failed and was skipped").doesNotContain("cannot be loaded")
                    .contains("Now using model v0002 (was v0001)");
        }
    }

    @Test
    void cameraThatDropsIsReconnectedAndClassificationResumes() throws Exception {
        trainedModels(1);
        MjpegCameraServer camera = open(MjpegCameraServer.start(List.of(backgrounds.get(3), subjects.get(3)), 20));
        String device = device();
        DaemonRunner runner = runner(device, config(device, "mjpeg: " + camera.uri(), "feeder", inboxOff()));
        Daemon daemon = runner.daemon();
        CameraPipeline pipeline = daemon.pipelines().get(0);
        await(WAIT, () -> daemon.cameraHealth().get(0).state() == SourceHealth.State.STREAMING, "streaming");
        await(WAIT, () -> pipeline.stats().classified() >= 5, "classifying");

        camera.stop();
        await(WAIT, () -> daemon.cameraHealth().get(0).state() == SourceHealth.State.RECONNECTING, "reconnecting");
        long whileDown = pipeline.stats().classified();
        assertThat(daemon.cameraHealth().get(0).lastError()).isNotBlank();

        camera.start();
        await(WAIT, () -> daemon.cameraHealth().get(0).state() == SourceHealth.State.STREAMING, "streaming again");
        await(WAIT, () -> pipeline.stats().classified() >= whileDown + 5, "classifying again");
        assertThat(daemon.cameraHealth().get(0).reconnects()).isPositive();
    }

    @Test
    void reloadRefusesABrokenFileAndAppliesAFixedOne() throws Exception {
        trainedModels(1);
        Path frames = replayFolder("reload", repeat(backgrounds.get(4), 2));
        String device = device();
        String source = "replay: " + frames + "\n      loop: true\n      fps: 10";
        MqttProbe probe = open(MqttProbe.connect(broker.uri())).subscribe("magpie/" + device + "/+/state");
        DaemonRunner runner = runner(device, config(device, source, "feeder", inboxOff()));
        Daemon first = runner.daemon();
        await(WAIT, () -> first.pipelines().get(0).stats().classified() > 0, "classifying");

        Files.writeString(configFile(), config(device, source, "feeder", inboxOff()).replace("fps: 10", "fps: 5000"));
        DaemonCommands.CommandResult refused = runner.reload();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("invalid_config");
        assertThat(refused.message()).contains("fps");
        assertThat(runner.daemon()).as("the running daemon is kept").isSameAs(first);
        long before = first.pipelines().get(0).stats().classified();
        await(WAIT, () -> first.pipelines().get(0).stats().classified() > before, "still classifying");

        Files.writeString(configFile(), config(device, source, "perch", inboxOff()));
        DaemonCommands.CommandResult reloaded = runner.reload();
        assertThat(reloaded.ok()).as(reloaded.message()).isTrue();
        Daemon second = runner.daemon();
        assertThat(second).isNotSameAs(first);
        assertThat(second.pipelines().get(0).zones()).extracting(z -> z.name()).containsExactly("perch");
        MqttProbe.Received perch = probe.next("magpie/" + device + "/perch/state", WAIT);
        assertThat(json(perch).get("label").asText()).isEqualTo("None");
        assertThat(second.commands().setThreshold("feeder", SUBJECT, 0.7).ok()).as("the old zone is gone").isFalse();
        assertThat(second.commands().setThreshold("perch", SUBJECT, 0.7).ok()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Opens a dataset with the first photos of each label and trains {@code versions} models; v0001 is current. */
    private void trainedModels(int versions) throws IOException {
        Path dataDir = temp.resolve("data");
        store = open(DatasetStore.open(dataDir, decoder));
        registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
        addPhotos("cardboard", LabelName.NONE, 0, TRAIN_PER_LABEL);
        addPhotos(SUBJECT, LabelName.of(SUBJECT), 0, TRAIN_PER_LABEL);
        TrainingOptions options = TrainingOptions.defaults(42).withAugmentedViews(0);
        core = new Daemon.Core(dataDir, store, decoder, backbone, registry, options);
        for (int v = 1; v <= versions; v++) {
            TrainingResult result = new TrainingRun(store, decoder, backbone, registry, options.withSeed(40 + v),
                    Clock.systemUTC()).run(ProgressListener.NONE);
            if (v == 1) {
                registry.promote(result.version());
            }
        }
        assertThat(registry.current()).contains("v0001");
    }

    private void addPhotos(String folder, LabelName label, int from, int to) {
        List<Path> photos = TestImages.realImages(DATASET, folder, to);
        for (Path photo : photos.subList(from, to)) {
            assertThat(store.addImage(TestImages.read(photo), label, "test:" + photo.getFileName()).stored()).isTrue();
        }
    }

    private DaemonRunner runner(String device, String yaml) throws Exception {
        Files.writeString(configFile(), yaml);
        MagpieConfig config = new ConfigLoader().parse(yaml, "test");
        return open(DaemonRunner.start(config, Optional.of(configFile()), core, Map.of(), Clock.systemUTC(), List.of(),
                "test"));
    }

    private Path configFile() {
        return temp.resolve("magpie.yaml");
    }

    private String config(String device, String source, String zone, String inbox) {
        return """
                device:
                  id: %s
                cameras:
                  - name: cam
                    source:
                      %s
                    width: %d
                    height: %d
                    fps: 20
                motion:
                  enabled: false
                zones:
                  - name: %s
                    camera: cam
                    rect: [0, 0, %d, %d]
                    rules:
                      - label: %s
                        threshold: 0.6
                        min_frames: 2
                        end_frames: 2
                        cooldown_seconds: 0
                mqtt:
                  enabled: true
                  broker: %s
                  discovery: false
                  keepalive_seconds: 5
                retraining:
                  enabled: false
                  max_regression: 0.02
                %s""".formatted(device, source, FRAME_WIDTH, frameHeight, zone, FRAME_WIDTH, frameHeight, SUBJECT,
                broker.uri(), inbox);
    }

    private static String inboxOff() {
        return "inbox:\n  enabled: false\n";
    }

    private String device() {
        return "e2e-" + Long.toHexString(System.nanoTime()) + "-" + ++deviceCounter;
    }

    private Path replayFolder(String name, List<byte[]> frames) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("frames-" + name));
        for (int i = 0; i < frames.size(); i++) {
            Files.write(folder.resolve(String.format("%04d.jpg", i)), frames.get(i));
        }
        return folder;
    }

    private static JsonNode command(MqttProbe probe, String prefix, String verb, String payload) throws Exception {
        probe.publish(prefix + verb, payload);
        return JSON.readTree(probe.next(prefix + verb + "/reply", WAIT).payload());
    }

    /**
     * Waits until the daemon's command subscription is live (its broker connection is made in the background): asks
     * a verb that does not exist, which changes nothing and is answered {@code unknown_verb}, until an answer comes.
     */
    private static void listening(MqttProbe probe, String prefix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            probe.publish(prefix + "ping", "{}");
            try {
                JsonNode reply = JSON.readTree(probe.next(prefix + "ping/reply", Duration.ofMillis(300)).payload());
                assertThat(reply.get("error").asText()).isEqualTo("unknown_verb");
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    /** Waits for the inference thread to take every frame it is going to get. */
    private static PipelineStats drained(CameraPipeline pipeline) {
        long[] last = {-1};
        await(WAIT, () -> {
            long now = pipeline.stats().frames();
            boolean still = now == last[0];
            last[0] = now;
            if (!still) {
                sleep(300);
            }
            return still;
        }, "the pipeline drains");
        return pipeline.stats();
    }

    private static List<MqttProbe.Received> collectQuietly(MqttProbe probe, String filter) {
        try {
            return probe.collect(filter, 100, Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static JsonNode json(MqttProbe.Received message) {
        try {
            return JSON.readTree(message.payload());
        } catch (IOException e) {
            throw new AssertionError("not JSON on " + message.topic() + ": " + message.text(), e);
        }
    }

    private static String text(List<MqttProbe.Received> messages, String topicSuffix) {
        return messages.stream().filter(m -> m.topic().endsWith(topicSuffix)).findFirst()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("nothing on *" + topicSuffix + " in " + messages));
    }

    private static List<byte[]> repeat(byte[] frame, int times) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            frames.add(frame);
        }
        return frames;
    }

    /** A dataset photo shrunk to {@value #FRAME_WIDTH} px wide, as a camera frame. */
    private static byte[] small(Path photo) {
        Mat image = Imgcodecs.imread(photo.toString(), Imgcodecs.IMREAD_COLOR);
        Mat resized = new Mat();
        try {
            int height = (int) Math.round(image.rows() * (double) FRAME_WIDTH / image.cols());
            frameHeight = height;
            Imgproc.resize(image, resized, new Size(FRAME_WIDTH, height), 0, 0, Imgproc.INTER_AREA);
            return TestImages.encode(resized, ".jpg");
        } finally {
            image.release();
            resized.release();
        }
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }
}
