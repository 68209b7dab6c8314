package dev.magpie.cli;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.NewImage;
import dev.magpie.dataset.Split;
import dev.magpie.devices.camera.SimulatedShelf;
import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.Prediction;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole learning loop on a simulated shop shelf.",
            "The shelf is rendered by Magpie, not photographed. The demo captures labelled slot photos, trains,",
            "evaluates, then watches a simulated day and reports each slot going empty or being restocked.",
            "Needs no camera, broker or data; works in a temporary data directory."})
final class DemoCommand implements Callable<Integer> {

    private static final int SLOTS = 6;
    private static final LabelName STOCKED = LabelName.of("stocked");
    private static final LabelName EMPTY = LabelName.of("empty");

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--frames", defaultValue = "12", description = "Training frames to capture (x6 slots each; default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--minutes", defaultValue = "240", description = "Simulated minutes to watch, one frame per minute (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", description = "Keep the demo's data directory and print where it is.")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        if (frames < 4 || frames > 500 || minutes < 1 || minutes > 100_000) {
            throw new UserError(ExitCodes.USAGE, "--frames must be 4-500 and --minutes 1-100000");
        }
        PrintStream out = System.out;
        Path dataDir = Files.createTempDirectory("magpie-demo-");
        out.println("Magpie demo: a SIMULATED shelf with " + SLOTS + " product slots (rendered by Magpie, not a camera).");
        out.println("Data directory for this demo: " + dataDir);
        SimulatedShelf shelf = new SimulatedShelf(640, 480, SLOTS);
        SplittableRandom random = new SplittableRandom(seed);
        try (Workspace workspace = new Workspace(dataDir, magpie.configFile, magpie.offline)) {
            DatasetStore store = workspace.dataset();
            int stored = capture(store, shelf, random);
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

            out.printf("3. Watching the shelf for %d simulated minutes (one frame a minute):%n", minutes);
            Classifier classifier = workspace.classifier(result.version());
            watch(shelf, classifier, random, out);
        } finally {
            if (keep) {
                out.println("Kept " + dataDir + "; try: magpie --data-dir " + dataDir + " models list");
            } else {
                deleteTree(dataDir);
            }
        }
        out.println("Next: import your own photos (magpie import photos.zip), train, and predict. See README.md.");
        return ExitCodes.OK;
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

    /**
     * A simulated day: products sell out at random and are restocked a while later, light drifts; each slot's answer
     * must hold for two frames before it counts as a change, so one noisy frame does not raise an alert.
     */
    private void watch(SimulatedShelf shelf, Classifier classifier, SplittableRandom random, PrintStream out) {
        boolean[] truth = new boolean[SLOTS];
        java.util.Arrays.fill(truth, true);
        String[] reported = new String[SLOTS];
        String[] pending = new String[SLOTS];
        int correct = 0;
        int total = 0;
        int events = 0;
        long inferenceNanos = 0;
        for (int minute = 0; minute < minutes; minute++) {
            for (int s = 0; s < SLOTS; s++) {
                if (truth[s] ? random.nextInt(60) == 0 : random.nextInt(25) == 0) {
                    truth[s] = !truth[s];
                }
            }
            double light = 0.95 + 0.3 * Math.sin(minute / 60.0);
            Mat frame = shelf.render(truth, light, random);
            for (int s = 0; s < SLOTS; s++) {
                Mat slot = frame.submat(shelf.slot(s));
                long start = System.nanoTime();
                Prediction prediction = classifier.classify(slot);
                inferenceNanos += System.nanoTime() - start;
                slot.release();
                String answer = prediction.label().orElse("unknown");
                total++;
                correct += answer.equals(truth[s] ? "stocked" : "empty") ? 1 : 0;
                if (answer.equals(pending[s]) && !answer.equals(reported[s])) {
                    if (reported[s] != null) {
                        events++;
                        out.printf(Locale.ROOT, "   %02d:%02d  slot %d  %s -> %s  (%.2f)%n", 8 + minute / 60, minute % 60, s + 1,
                                reported[s], answer, prediction.top().probability());
                    }
                    reported[s] = answer;
                }
                pending[s] = answer;
            }
            frame.release();
        }
        out.printf(Locale.ROOT, "   %d changes reported; %d of %d slot readings matched the simulation's truth (%.1f %%); "
                + "%.1f ms per slot on this machine.%n", events, correct, total, 100.0 * correct / total, inferenceNanos / 1e6 / total);
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
