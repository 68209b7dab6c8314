package dev.magpie.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.FolderImporter;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.Prediction;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the daemon benchmarks share: a data dir with a two-label model trained in-process (flowers-128px: sunflower is
 * the subject, daisy the background), frame folders for the replay source, a config built from YAML text, the daemon
 * started through {@link DaemonRunner} as {@code magpie run} does, and /proc sampling.
 */
final class BenchRig implements AutoCloseable {

    static final String SUBJECT = "sunflower";
    static final String BACKGROUND = "daisy";

    final Path dir;
    final Path dataDir;
    final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    final OnnxBackbone backbone;
    final DatasetStore store;
    final ModelRegistry registry;
    final String version;

    private BenchRig(Path dir) throws Exception {
        NativeLibraries.loadOpenCv();
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
        store = DatasetStore.open(dataDir, decoder);
        Path labelled = dir.resolve("labelled");
        for (String label : List.of(SUBJECT, BACKGROUND)) {
            Path to = Files.createDirectories(labelled.resolve(label));
            for (Path photo : photos(label)) {
                Files.copy(photo, to.resolve(photo.getFileName()));
            }
        }
        new FolderImporter(store, ImportLimits.DEFAULT).importFolder(labelled, false);
        registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
        version = new TrainingRun(store, decoder, backbone, registry, TrainingOptions.defaults(7).withAugmentedViews(0),
                Clock.systemUTC()).run(ProgressListener.NONE).version();
        registry.promote(version);
    }

    static BenchRig create(String name) throws Exception {
        return new BenchRig(Files.createTempDirectory("magpie-" + name + "-"));
    }

    static List<Path> photos(String label) throws IOException {
        try (Stream<Path> files = Files.list(SharedFiles.datasets().resolve("flowers-128px-subset").resolve(label))) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    /** Photos of {@code label} the trained model gives that label with at least {@code confidence}. */
    List<Path> confident(String label, double confidence) throws Exception {
        List<Path> kept = new ArrayList<>();
        try (Classifier classifier = Classifier.load(registry, version, backbone)) {
            for (Path photo : photos(label)) {
                try (DecodedImage image = decoder.decode(Files.readAllBytes(photo))) {
                    Prediction p = classifier.classify(image.bgr());
                    if (!p.unknown() && p.top().label().equals(label) && p.top().probability() >= confidence) {
                        kept.add(photo);
                    }
                }
            }
        }
        return kept;
    }

    /** A replay folder: {@code sequence} copied as 000000.jpg, 000001.jpg, ... (replay plays them in name order). */
    Path frames(String name, List<Path> sequence) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < sequence.size(); i++) {
            Files.copy(sequence.get(i), folder.resolve(String.format(Locale.ROOT, "%06d.jpg", i)));
        }
        return folder;
    }

    /** Alternating subject, background, subject, ... of {@code pairs} pairs, cycling through both lists. */
    static List<Path> alternating(List<Path> subject, List<Path> background, int pairs) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            out.add(subject.get(i % subject.size()));
            out.add(background.get(i % background.size()));
        }
        return out;
    }

    /**
     * One replay camera of 128×128 frames, one zone covering the frame with an alerting rule for {@link #SUBJECT}
     * (min_frames 1, end_frames 1, cooldown 0), motion gate off, inbox and retraining off; MQTT on when a broker is given.
     */
    MagpieConfig config(Path frames, double fps, boolean loop, String brokerUri) throws Exception {
        return config(frames, fps, loop, brokerUri, 128, 128);
    }

    MagpieConfig config(Path frames, double fps, boolean loop, String brokerUri, int width, int height) throws Exception {
        String yaml = """
                device: {id: bench}
                cameras:
                  - name: cam
                    source: {replay: %s, fps: %s, loop: %s}
                    width: %d
                    height: %d
                zones:
                  - name: zone
                    camera: cam
                    rect: [0, 0, %d, %d]
                    rules:
                      - {label: %s, alert: true, threshold: 0.5, clear_threshold: 0.5, min_frames: 1, end_frames: 1, cooldown_seconds: 0}
                motion: {enabled: false}
                inbox: {enabled: false}
                retraining: {enabled: false}
                mqtt: {enabled: %s, broker: %s, discovery: false, keepalive_seconds: 5}
                """.formatted(frames, fps, loop, width, height, width, height, SUBJECT, brokerUri != null, brokerUri == null ? "null" : brokerUri);
        return new ConfigLoader().parse(yaml, "bench");
    }

    DaemonRunner start(MagpieConfig config, List<AlertSink> sinks) throws Exception {
        Daemon.Core core = new Daemon.Core(dataDir, store, decoder, backbone, registry, TrainingOptions.defaults(7));
        return DaemonRunner.start(config, Optional.empty(), core, Map.of(), Clock.systemUTC(), sinks, "bench");
    }

    // ---- /proc sampling ----

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static int osThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        }
    }

    static int fds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    static void header(String title) throws IOException {
        System.out.printf(Locale.ROOT, "%s, %s, %d cores, Java %s; load average at start: %s%n", title,
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), load());
    }

    @Override
    public void close() throws IOException {
        store.close();
        backbone.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
