package dev.magpie.cli;

import dev.magpie.learn.Classifier;
import dev.magpie.learn.Prediction;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify photos with a trained model: the top labels with probabilities, or 'unknown'.",
            "A photo is 'unknown' when it is unlike every label. Exit code 3 if any photo could not be read."})
final class PredictCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos, or folders of photos, to classify.")
    List<Path> images;

    @Option(names = "--model", paramLabel = "VERSION", description = "Model version (default: the current one).")
    String version;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "How many labels to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "One JSON document with every result.")
    boolean json;

    record Result(String image, String model, String label, boolean unknown, String reason,
                  List<Prediction.LabelScore> top, double ms, String error) {
    }

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new UserError(ExitCodes.USAGE, "--top must be at least 1");
        }
        List<Path> files = expand(images);
        try (Workspace workspace = magpie.openWorkspace()) {
            String chosen = version != null ? version : workspace.currentVersion();
            Classifier classifier = workspace.classifier(chosen);
            if (!classifier.labels().contains("None") && !json) {
                System.err.println("note: model " + chosen + " has no None label, so a photo unlike every label is only"
                        + " called unknown when it is far from all of them; add a None label for better rejection");
            }
            List<Result> results = new ArrayList<>();
            boolean failed = false;
            for (Path image : files) {
                Result result = classify(workspace, classifier, image);
                failed |= result.error() != null;
                results.add(result);
                if (!json) {
                    print(result);
                }
            }
            if (json) {
                System.out.println(Json.write(results));
            }
            return failed ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
        }
    }

    /** Files as given, folders expanded to the files in them (not recursive), in name order. */
    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new UserError(ExitCodes.NOT_FOUND, path + " does not exist");
            }
            if (Files.isDirectory(path)) {
                try (java.util.stream.Stream<Path> list = Files.list(path)) {
                    list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private Result classify(Workspace workspace, Classifier classifier, Path image) {
        try {
            byte[] bytes = Files.readAllBytes(image);
            long start = System.nanoTime();
            try (DecodedImage decoded = workspace.decoder().decode(bytes)) {
                Prediction prediction = classifier.classify(decoded.bgr());
                double ms = (System.nanoTime() - start) / 1e6;
                List<Prediction.LabelScore> best = prediction.scores().subList(0, Math.min(top, prediction.scores().size()));
                return new Result(image.toString(), prediction.model(), prediction.label().orElse(null), prediction.unknown(),
                        prediction.reason().name().toLowerCase(Locale.ROOT), best, ms, null);
            }
        } catch (IOException | ImageRejectedException e) {
            return new Result(image.toString(), classifier.version(), null, false, null, List.of(), 0, e.getMessage());
        }
    }

    private static void print(Result result) {
        if (result.error() != null) {
            System.err.println(result.image() + ": refused: " + result.error());
            return;
        }
        StringBuilder line = new StringBuilder(result.image()).append(": ");
        line.append(result.unknown() ? "unknown (" + result.reason().replace('_', ' ') + ")" : result.label());
        line.append("  [");
        for (int i = 0; i < result.top().size(); i++) {
            Prediction.LabelScore score = result.top().get(i);
            line.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", score.label(), score.probability()));
        }
        line.append(String.format(Locale.ROOT, "]  %.1f ms", result.ms()));
        System.out.println(line);
    }
}
