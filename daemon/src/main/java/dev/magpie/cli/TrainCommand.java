package dev.magpie.cli;

import dev.magpie.learn.Metrics;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ModelSummary;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a new model version on the labelled images and evaluate it on held-out images.",
            "Only new images are embedded; the rest come from the cache, so retraining takes seconds.",
            "The first model becomes current; later ones only with --promote (compare first: magpie models list)."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--views", paramLabel = "N", description = "Augmented views per training image (default: training.augmented_views, 4).")
    Integer views;

    @Option(names = "--seed", description = "Seed for the split, augmentation and training (default: training.seed, 42).")
    Long seed;

    @Option(names = "--promote", description = "Make the new version current even if another one is.")
    boolean promote;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    record Result(String version, boolean current, TrainingResult details) {
    }

    @Override
    public Integer call() throws IOException {
        try (Workspace workspace = magpie.openWorkspace()) {
            TrainingOptions options = workspace.trainingOptions();
            if (seed != null) {
                options = options.withSeed(seed);
            }
            if (views != null) {
                if (views < 0 || views > 16) {
                    throw new UserError(ExitCodes.USAGE, "--views must be between 0 and 16");
                }
                options = options.withAugmentedViews(views);
            }
            ModelRegistry registry = workspace.models();
            ProgressBar progress = ProgressBar.forStderr();
            TrainingResult result = new TrainingRun(workspace.dataset(), workspace.decoder(), workspace.backbone(), registry,
                    options, Clock.systemUTC()).run(progress);
            progress.finish();
            boolean makeCurrent = promote || result.previous().isEmpty();
            if (makeCurrent) {
                registry.promote(result.version());
            }
            if (json) {
                System.out.println(Json.write(new Result(result.version(), makeCurrent, result)));
                return ExitCodes.OK;
            }
            System.out.printf(Locale.ROOT, "Trained %s in %.1f s (%d training images, %d augmented views each).%n",
                    result.version(), result.record().durationsMillis().get("total") / 1000.0,
                    result.record().counts().trainRows(), options.augmentedViews());
            MetricsTable.print(result.metrics(), result.metrics().threshold(), System.out);
            if (result.previous().isPresent()) {
                ModelSummary previous = result.previous().get();
                if (result.previousOnSameImages().isPresent()) {
                    Metrics before = result.previousOnSameImages().get();
                    System.out.printf(Locale.ROOT, "On the same held-out images, current model %s: accuracy %.3f, macro-F1 %.3f"
                            + " (this run: %.3f, %.3f).%n", previous.version(), before.accuracy(), before.macroF1(),
                            result.metrics().accuracy(), result.metrics().macroF1());
                } else {
                    System.out.printf("Current model %s has other labels (%s), so the two cannot be compared on the same images.%n",
                            previous.version(), String.join(", ", previous.labels()));
                }
            }
            if (!result.metrics().labels().contains("None")) {
                System.out.println("Tip: add a None label with photos of 'nothing of interest' (an empty feeder, the bare"
                        + " shelf, passers-by) so that unrelated scenes come back as None instead of the nearest label.");
            }
            System.out.println(makeCurrent ? result.version() + " is now the current model."
                    : "Kept " + result.previous().get().version() + " as current; make this one current with: magpie models promote " + result.version());
            return ExitCodes.OK;
        }
    }
}
