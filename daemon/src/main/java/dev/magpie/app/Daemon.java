package dev.magpie.app;

import dev.magpie.config.CameraConfig;
import dev.magpie.config.InboxConfig;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.MotionConfig;
import dev.magpie.config.RetrainingConfig;
import dev.magpie.config.SecretException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxQuota;
import dev.magpie.devices.camera.Backoff;
import dev.magpie.devices.camera.CaptureLoop;
import dev.magpie.devices.camera.FrameSource;
import dev.magpie.devices.camera.LatestFrameSlot;
import dev.magpie.devices.camera.SourceHealth;
import dev.magpie.inbox.InboxCollector;
import dev.magpie.inbox.InboxSettings;
import dev.magpie.inbox.RateLimiter;
import dev.magpie.inbox.RateLimits;
import dev.magpie.inbox.UnsurePolicy;
import dev.magpie.inbox.UnsureSettings;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.AlertSinks;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.FrameDifferenceGate;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.pipeline.MotionGate;
import dev.magpie.pipeline.PromotionPolicy;
import dev.magpie.pipeline.Retrainer;
import dev.magpie.pipeline.SnapshotStore;
import dev.magpie.pipeline.Zone;
import dev.magpie.pipeline.ZoneDetection;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch-and-alert daemon: builds every stage from the configuration in the order frames flow the other way
 * (models and sinks before the pipelines that feed them, pipelines before the cameras that feed them), and closes them
 * in reverse. The dataset, backbone and registry are given to it (the CLI opened them), so it never opens a second
 * SQLite connection or ONNX session of its own.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** What the daemon runs on, opened by its caller and closed by it too. */
    public record Core(Path dataDir, DatasetStore store, ImageDecoder decoder, OnnxBackbone backbone, ModelRegistry registry,
                       TrainingOptions trainingOptions) {
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AlertSinks sinks = new AlertSinks();
    private final List<CameraPipeline> pipelines = new ArrayList<>();
    private final List<CaptureLoop> captures = new ArrayList<>();
    private final LoadedModels models;
    private final Retrainer retrainer;
    private volatile DaemonCommands commands; // set last; GPIO buttons ask for it at each press

    private Daemon(MagpieConfig config, Core core, Hardware hardware, Clock clock,
                   Supplier<DaemonCommands.CommandResult> reload, List<AlertSink> extraSinks) throws IOException, SecretException {
        try {
            models = track(new LoadedModels(core.registry(), core.backbone()));
            for (AlertSink sink : extraSinks) {
                sinks.add(sink);
            }
            RetrainingConfig retraining = config.retraining();
            retrainer = track(new Retrainer(
                    () -> new TrainingRun(core.store(), core.decoder(), core.backbone(), core.registry(), core.trainingOptions(), clock),
                    core.registry(), models, sinks, new PromotionPolicy(retraining.maxRegression()),
                    retraining.enabled() ? retraining.afterNewLabels() : 0, retraining.nice(), clock));
            if (retraining.enabled()) {
                retraining.dailyTime().ifPresent(retrainer::scheduleDaily);
            }
            Optional<InboxCollector> inbox = inbox(config.inbox(), core.store(), clock);
            SnapshotStore snapshots = new SnapshotStore(core.dataDir().resolve("snapshots"), 200);
            snapshots.removeLeftovers();
            List<Zone> zones = Zones.create(config.zones(), core.registry(), clock);
            // Tracked before the pipelines, so closed after them: a pipeline ends its open visits on close.
            DetectionModels detection = track(DetectionModels.load(config, core.dataDir(),
                    ModelResolver.parseSearchPath(System.getenv(ModelResolver.MODEL_PATH_VARIABLE))));
            Map<String, ZoneDetection> detections = ZoneDetections.create(config.zones(), detection, models, core.dataDir(), sinks,
                    config.inbox().enabled() ? Optional.of(core.store()) : Optional.empty(), clock);
            // GPIO before the pipelines: its outputs are a sink and its PIR part of every camera's gate.
            Optional<GpioChannel> gpio = Optional.empty();
            if (GpioChannel.configured(config.gpio())) {
                gpio = Optional.of(track(GpioChannel.open(config.gpio(), zones.stream().map(Zone::name).toList(), hardware.gpio(),
                        () -> this.commands, clock)));
                sinks.add(gpio.get().sink());
            }
            for (CameraConfig camera : config.cameras()) {
                List<Zone> cameraZones = new ArrayList<>();
                Map<String, ZoneDetection> cameraDetections = new HashMap<>();
                for (Zone zone : zones) {
                    if (zone.camera().equals(camera.name())) {
                        cameraZones.add(zone);
                        if (detections.containsKey(zone.name())) {
                            cameraDetections.put(zone.name(), detections.get(zone.name()));
                        }
                    }
                }
                LatestFrameSlot slot = new LatestFrameSlot();
                MotionGate gate = gate(config.motion());
                if (gate instanceof AutoCloseable closeable) {
                    track(closeable); // tracked before the pipeline, so closed after it stops using the gate
                }
                if (gpio.isPresent()) {
                    gate = gpio.get().gate(gate);
                }
                CameraPipeline pipeline = track(new CameraPipeline(camera.name(), slot, gate, cameraZones,
                        core.backbone(), models, sinks, inbox, snapshots, cameraDetections)).start();
                pipelines.add(pipeline);
                FrameSource source = hardware.cameras().create(camera);
                captures.add(track(CaptureLoop.start(source, slot, Backoff.DEFAULT, health -> logHealth(health))));
                log.info("Camera {} ({}): {} zone(s)", camera.name(), source.name(), cameraZones.size());
            }
            commands = new CommandHandler(core.store(), core.registry(), models, retrainer, pipelines, reload);
        } catch (IOException | SecretException | RuntimeException e) {
            close(); // what started before the failure stops again
            throw e;
        }
        if (models.currentVersion().isEmpty()) {
            log.warn("No model is trained yet: frames are captured but not classified. Label photos and run 'magpie train'"
                    + " (or send cmd/retrain once labelled captures exist).");
        }
    }

    /**
     * Starts the daemon. {@code extraSinks} receive states, events and notices alongside the configured ones (the MQTT
     * publisher is one, added by the caller that owns the connection).
     */
    public static Daemon start(MagpieConfig config, Core core, Map<String, String> environment, Clock clock,
                               Supplier<DaemonCommands.CommandResult> reload, List<AlertSink> extraSinks)
            throws IOException, SecretException {
        return start(config, core, Hardware.of(environment), clock, reload, extraSinks);
    }

    /** Starts the daemon on the given devices (a simulated camera, a mock GPIO board). */
    public static Daemon start(MagpieConfig config, Core core, Hardware hardware, Clock clock,
                               Supplier<DaemonCommands.CommandResult> reload, List<AlertSink> extraSinks)
            throws IOException, SecretException {
        return new Daemon(config, core, hardware, clock, reload, extraSinks);
    }

    public DaemonCommands commands() {
        return commands;
    }

    public List<CameraPipeline> pipelines() {
        return List.copyOf(pipelines);
    }

    public List<SourceHealth> cameraHealth() {
        List<SourceHealth> health = new ArrayList<>();
        for (CaptureLoop capture : captures) {
            health.add(capture.health());
        }
        return health;
    }

    public LoadedModels models() {
        return models;
    }

    public Retrainer retrainer() {
        return retrainer;
    }

    private static MotionGate gate(MotionConfig motion) {
        if (!motion.enabled()) {
            return MotionGate.ALWAYS;
        }
        Duration recheck = motion.recheckSeconds() == 0 ? Duration.ofDays(36_500) : Duration.ofSeconds(motion.recheckSeconds());
        return new FrameDifferenceGate(motion.changedFraction(), motion.pixelThreshold(), recheck);
    }

    private static Optional<InboxCollector> inbox(InboxConfig inbox, DatasetStore store, Clock clock) {
        if (!inbox.enabled()) {
            return Optional.empty();
        }
        UnsureSettings unsure = new UnsureSettings(inbox.confidenceBelow(), inbox.nearThreshold(), inbox.marginBelow(),
                inbox.sampleRate(), true);
        // The band around a decision threshold is measured against the default 0.5; per-rule thresholds are the
        // zone's business and a frame near one of them is usually also low in confidence or margin.
        UnsurePolicy policy = new UnsurePolicy(unsure, label -> 0.5, new SplittableRandom());
        InboxSettings settings = new InboxSettings(inbox.duplicateDistance(), 64,
                new RateLimits(inbox.perMinute(), inbox.perHour(), inbox.perDay()),
                new InboxQuota(inbox.maxItems(), inbox.maxMegabytes() * 1024L * 1024L));
        return Optional.of(new InboxCollector(store, policy, new RateLimiter(settings.limits(), clock), settings));
    }

    private static void logHealth(SourceHealth health) {
        switch (health.state()) {
            case STREAMING -> log.info("Camera {} is streaming", health.source());
            case RECONNECTING -> log.warn("Camera {} lost: {}; reconnecting", health.source(), health.lastError());
            case ENDED -> log.info("Camera {} has no more frames (the end of a replay or simulation)", health.source());
            default -> log.debug("Camera {}: {}", health.source(), health.state());
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    /** Stops cameras first, then pipelines, then the retrainer and models; each step is logged if it fails. */
    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", opened.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
    }
}
