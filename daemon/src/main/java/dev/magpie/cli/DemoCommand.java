package dev.magpie.cli;

import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.app.Hardware;
import dev.magpie.config.CameraConfig;
import dev.magpie.config.DeviceConfig;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.MotionConfig;
import dev.magpie.config.MqttConfig;
import dev.magpie.config.RetrainingConfig;
import dev.magpie.config.RuleConfig;
import dev.magpie.config.SecretException;
import dev.magpie.config.SourceConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.NewImage;
import dev.magpie.dataset.Split;
import dev.magpie.devices.camera.ShelfScenario;
import dev.magpie.devices.camera.SimulatedShelf;
import dev.magpie.devices.camera.SimulatedShelfSource;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.mqtt.EmbeddedBroker;
import dev.magpie.pipeline.PipelineStats;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole daemon on a SIMULATED shop shelf: nothing here is photographed.",
            "Magpie renders a shelf with six product slots under changing light and sensor noise, captures labelled slot",
            "crops, trains and evaluates a model, then starts the daemon on that simulated camera with an embedded MQTT",
            "broker on 127.0.0.1: products sell out and are restocked over a simulated day, and the alerts flow over MQTT.",
            "Needs no camera, broker or data; works in a temporary data directory."})
final class DemoCommand implements Callable<Integer> {

    static final String DEVICE_ID = "demo";
    private static final int SLOTS = 6;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final LabelName STOCKED = LabelName.of("stocked");
    private static final LabelName EMPTY = LabelName.of("empty");

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--frames", defaultValue = "12", description = "Training frames to capture (x6 slots each; default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--minutes", defaultValue = "300",
            description = "Simulated minutes to watch, one frame each, from 08:00 when the shop opens (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--fps", defaultValue = "10",
            description = "Frames (simulated minutes) per real second, 1-60 (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", description = "Keep the demo's data directory and print where it is.")
    boolean keep;

    @Override
    public Integer call() throws IOException, SecretException, InterruptedException {
        if (frames < 4 || frames > 500 || minutes < 1 || minutes > 100_000 || fps < 1 || fps > 60) {
            throw new UserError(ExitCodes.USAGE, "--frames must be 4-500, --minutes 1-100000 and --fps 1-60");
        }
        PrintStream out = System.out;
        Path dataDir = Files.createTempDirectory("magpie-demo-");
        out.println("Magpie demo: a SIMULATED shelf with " + SLOTS + " product slots (rendered by Magpie, not a camera).");
        out.println("Data directory for this demo: " + dataDir);
        SimulatedShelf shelf = new SimulatedShelf(WIDTH, HEIGHT, SLOTS);
        try (Workspace workspace = new Workspace(dataDir, magpie.configFile, magpie.offline)) {
            train(workspace, shelf, out);
            watch(workspace, shelf, out);
        } finally {
            if (keep) {
                out.println("Kept " + dataDir + "; try: magpie --data-dir " + dataDir + " models list");
            } else {
                deleteTree(dataDir);
            }
        }
        out.println("Next: point 'magpie run' at your camera and broker (config/examples/), or import your own photos"
                + " (magpie import photos.zip) and train. See README.md.");
        return ExitCodes.OK;
    }

    /** Steps 1 and 2: labelled crops of rendered frames, then a model trained, evaluated and promoted. */
    private void train(Workspace workspace, SimulatedShelf shelf, PrintStream out) throws IOException {
        DatasetStore store = workspace.dataset();
        int stored = capture(store, shelf, new SplittableRandom(seed));
        out.printf("1. Captured %d photos under labels stocked, empty and None (wall and shelf edge);%n"
                + "   training also embeds augmented views of them.%n", stored);
        ModelRegistry registry = workspace.models();
        OnnxBackbone backbone = workspace.backbone();
        ProgressBar progress = ProgressBar.forStderr();
        TrainingResult result = new TrainingRun(store, workspace.decoder(), backbone, registry,
                workspace.trainingOptions().withAugmentedViews(2), Clock.systemUTC()).run(progress);
        progress.finish();
        registry.promote(result.version());
        out.printf(Locale.ROOT, "2. Trained %s in %.1f s. Held-out evaluation:%n", result.version(),
                result.record().durationsMillis().get("total") / 1000.0);
        MetricsTable.print(result.metrics(), result.metrics().threshold(), out);
    }

    /** Step 3: the daemon on the simulated camera, alerts over the embedded broker, scored against the simulation. */
    private void watch(Workspace workspace, SimulatedShelf shelf, PrintStream out)
            throws IOException, SecretException, InterruptedException {
        ShelfScenario day = new ShelfScenario(fps, Duration.ofMinutes(1), 6, Duration.ofMinutes(30), LocalTime.of(8, 0));
        ScoredShelf camera = new ScoredShelf(new SimulatedShelfSource(shelf, day, seed), minutes);
        Daemon.Core core = new Daemon.Core(workspace.dataDir(), workspace.dataset(), workspace.decoder(), workspace.backbone(),
                workspace.models(), workspace.trainingOptions());
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            MagpieConfig config = config(shelf, broker.uri());
            out.printf("3. Embedded MQTT broker (MQTT 3.1.1) on 127.0.0.1:%d. Watch it from another terminal:%n"
                    + "     mosquitto_sub -h 127.0.0.1 -p %d -t 'magpie/#' -v%n", broker.port(), broker.port());
            out.printf("   The daemon now watches the simulated camera: %d simulated minutes at %d frames a second; six zones"
                    + " (slot1-slot6) alert on 'empty'.%n   What the subscriber receives (simulated time of the frame):%n",
                    minutes, fps);
            try (DemoWatcher watcher = new DemoWatcher(broker.uri(), config.mqtt().topicPrefix(), DEVICE_ID,
                    config.mqtt().discoveryPrefix(), camera, out)) {
                DaemonRunner runner = DaemonRunner.start(config, Optional.empty(), core, System.getenv(),
                        Hardware.of(System.getenv()).withCameras(c -> camera), Clock.systemUTC(), List.of(),
                        new VersionProvider().getVersion()[0]);
                PipelineStats stats;
                try {
                    camera.awaitEnd(minutes / fps + 60L, TimeUnit.SECONDS);
                    stats = drain(runner);
                } finally {
                    runner.close();
                }
                watcher.awaitQuiet(500, 5_000);
                summary(watcher, camera, stats, out);
            } catch (MqttException e) {
                throw new IOException("the demo's subscriber could not use the embedded broker: " + e.getMessage(), e);
            }
        }
    }

    /** Waits for the pipeline to finish the frames in hand (its frame count stops moving), then returns its counts. */
    private static PipelineStats drain(DaemonRunner runner) throws InterruptedException {
        PipelineStats stats = runner.daemon().pipelines().get(0).stats();
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            PipelineStats now = runner.daemon().pipelines().get(0).stats();
            if (now.frames() == stats.frames() && i >= 3) {
                return now;
            }
            stats = now;
        }
        return stats;
    }

    private static void summary(DemoWatcher watcher, ScoredShelf camera, PipelineStats stats, PrintStream out) {
        int events = watcher.alertsStarted() + watcher.alertsEnded();
        out.printf(Locale.ROOT, "4. Summary: the simulation showed %d frames with %d sell-outs and %d restocks; the pipeline"
                        + " classified %d of them (%.1f ms per frame for 6 zones; frames it could not keep up with were dropped).%n",
                camera.produced(), camera.sellOuts(), camera.restocks(), stats.classified() / SLOTS, stats.lastInferenceMillis() * SLOTS);
        out.printf(Locale.ROOT, "   Over MQTT: %d messages; %d state changes (%d matched the simulation's truth at their frame);"
                        + " %d alerts started and %d ended (%d of %d events matched the truth); %d Home Assistant discovery"
                        + " configs.%n", watcher.messages(), watcher.stateChanges(), watcher.stateMatches(),
                watcher.alertsStarted(), watcher.alertsEnded(), watcher.eventMatches(), events, watcher.discoveryConfigs());
        // events received are only half the story: a sell-out that raised no alert is not among them
        out.printf(Locale.ROOT, "   Sell-outs: %d in the simulation, %d alerts started%s.%n", camera.sellOuts(),
                watcher.alertsStarted(), watcher.alertsStarted() < camera.sellOuts()
                        ? " (" + (camera.sellOuts() - watcher.alertsStarted()) + " missed, or shorter than the 2 frames an alert needs)" : "");
    }

    /**
     * The daemon's configuration, built here instead of read from a file: one simulated camera, a zone per slot
     * alerting on 'empty', MQTT to the embedded broker with discovery. The motion gate is off because each frame is a
     * minute of shop time; retraining is off because nobody labels anything during the demo.
     */
    private MagpieConfig config(SimulatedShelf shelf, String brokerUri) {
        CameraConfig camera = new CameraConfig("shelf", new SourceConfig(null, null, null, null, null, null, null, null,
                SourceConfig.SimulatedScene.SHELF), WIDTH, HEIGHT, fps, null, null);
        List<ZoneConfig> zones = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            Rect r = shelf.slot(i);
            // two frames (simulated minutes) to start or end an alert; no cooldown, a slot may empty again at once.
            // Threshold 0.8, not the model's suggestion: that comes from a few held-out photos and can be as high as
            // 0.99, which the noisier live frames then rarely reach.
            RuleConfig empty = new RuleConfig("empty", true, 0.8, null, 2, 0, 2, 0);
            zones.add(new ZoneConfig("slot" + (i + 1), camera.name(), List.of(r.x, r.y, r.width, r.height), null, null,
                    List.of(empty)));
        }
        MqttConfig mqtt = new MqttConfig(true, brokerUri, null, null, null, null, true, null, null, null);
        return new MagpieConfig(new DeviceConfig(DEVICE_ID, "Magpie demo (simulated shelf)"), List.of(camera),
                new MotionConfig(false, null, null, null), zones, mqtt, null,
                new RetrainingConfig(false, "off", 0, null, null), null, null, null, null, null);
    }

    /** Renders frames with random slot states and light, and stores each slot crop under its true label. */
    private int capture(DatasetStore store, SimulatedShelf shelf, SplittableRandom random) {
        List<NewImage> images = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            boolean[] stocked = new boolean[SLOTS];
            for (int s = 0; s < SLOTS; s++) {
                stocked[s] = random.nextBoolean();
            }
            Mat frame = shelf.render(stocked, 0.6 + 0.7 * random.nextDouble(), random);
            for (int s = 0; s < SLOTS; s++) {
                images.add(NewImage.labelled(crop(frame, shelf.slot(s)), stocked[s] ? STOCKED : EMPTY, Split.UNASSIGNED,
                        "demo frame " + f + " slot " + (s + 1)));
            }
            // None: what a badly placed zone sees, the wall above the shelf and the shelf edge below it.
            int x = random.nextInt(frame.cols() - 120);
            images.add(NewImage.labelled(crop(frame, new Rect(x, 0, 120, 90)), LabelName.NONE, Split.UNASSIGNED, "demo wall " + f));
            images.add(NewImage.labelled(crop(frame, new Rect(x, frame.rows() - 90, 120, 90)), LabelName.NONE, Split.UNASSIGNED,
                    "demo edge " + f));
            frame.release();
        }
        int added = 0;
        for (var result : store.addAll(images, false)) {
            added += result.stored() ? 1 : 0;
        }
        return added;
    }

    private static byte[] crop(Mat frame, Rect rect) {
        Mat region = frame.submat(rect);
        try {
            return SyntheticFrame.png(region);
        } finally {
            region.release();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
