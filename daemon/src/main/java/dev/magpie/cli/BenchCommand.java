package dev.magpie.cli;

import dev.magpie.learn.Classifier;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.OnnxBackbone;
import dev.magpie.vision.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time each stage of classifying a frame on this board and print a table to paste into a bug report.",
            "Uses the given photos, or synthetic camera frames when none are given."})
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--frames", defaultValue = "200", description = "Frames to time after a warm-up (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "640x480", description = "Synthetic frame size WxH (default: ${DEFAULT-VALUE}).")
    String size;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Photos to time instead of synthetic frames.")
    List<Path> images = new ArrayList<>();

    @Override
    public Integer call() throws IOException, ImageRejectedException {
        if (frames < 1 || frames > 100_000) {
            throw new UserError(ExitCodes.USAGE, "--frames must be between 1 and 100000");
        }
        List<byte[]> inputs = inputs();
        try (Workspace workspace = magpie.openWorkspace()) {
            PrintStream out = System.out;
            SystemReport.print(workspace, out);
            Optional<Classifier> classifier = workspace.models().current().isPresent()
                    ? Optional.of(workspace.classifier(workspace.currentVersion())) : Optional.empty();
            List<LatencySummary> rows = time(workspace.decoder(), workspace.backbone(), classifier, inputs, frames);
            out.printf("Timing, %d frames (%s), after %d warm-up frames:%n", frames,
                    images.isEmpty() ? "synthetic " + size + " JPEG" : images.size() + " photo(s)", warmUp(frames));
            out.println(LatencySummary.header());
            for (LatencySummary row : rows) {
                out.println(row.row());
            }
            return ExitCodes.OK;
        }
    }

    private List<byte[]> inputs() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        for (Path image : images) {
            inputs.add(Files.readAllBytes(image));
        }
        if (inputs.isEmpty()) {
            String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
            if (parts.length != 2) {
                throw new UserError(ExitCodes.USAGE, "--size must look like 640x480, was " + size);
            }
            int width = Integer.parseInt(parts[0]);
            int height = Integer.parseInt(parts[1]);
            if (width < 32 || height < 32 || width > 8192 || height > 8192) {
                throw new UserError(ExitCodes.USAGE, "--size must be between 32x32 and 8192x8192, was " + size);
            }
            for (int i = 0; i < 8; i++) {
                Mat frame = SyntheticFrame.render(width, height, i);
                inputs.add(SyntheticFrame.jpeg(frame));
                frame.release();
            }
        }
        return inputs;
    }

    private static int warmUp(int frames) {
        return Math.min(20, frames);
    }

    /**
     * Times decode, preprocess, the backbone and (with a trained model) the head and open-set rule separately on each
     * frame; warm-up frames are run but not kept.
     */
    static List<LatencySummary> time(ImageDecoder decoder, OnnxBackbone backbone, Optional<Classifier> classifier,
                                     List<byte[]> inputs, int frames) throws ImageRejectedException {
        long[] decode = new long[frames];
        long[] preprocess = new long[frames];
        long[] run = new long[frames];
        long[] head = new long[frames];
        long[] total = new long[frames];
        float[] tensor = new float[Preprocessor.TENSOR_LENGTH];
        try (Preprocessor preprocessor = new Preprocessor()) {
            int warmUp = warmUp(frames);
            for (int i = -warmUp; i < frames; i++) {
                byte[] bytes = inputs.get(Math.floorMod(i, inputs.size()));
                long t0 = System.nanoTime();
                try (DecodedImage image = decoder.decode(bytes)) {
                    long t1 = System.nanoTime();
                    preprocessor.toTensor(image.bgr(), tensor, 0);
                    long t2 = System.nanoTime();
                    float[] embedding = backbone.embedTensor(tensor, 1)[0];
                    long t3 = System.nanoTime();
                    classifier.ifPresent(c -> c.decide(embedding));
                    long t4 = System.nanoTime();
                    if (i >= 0) {
                        decode[i] = t1 - t0;
                        preprocess[i] = t2 - t1;
                        run[i] = t3 - t2;
                        head[i] = t4 - t3;
                        total[i] = t4 - t0;
                    }
                }
            }
        }
        List<LatencySummary> rows = new ArrayList<>(List.of(LatencySummary.of("decode JPEG", decode),
                LatencySummary.of("resize+crop+normalise", preprocess), LatencySummary.of("backbone session.run", run)));
        if (classifier.isPresent()) {
            rows.add(LatencySummary.of("head + open set", head));
        }
        rows.add(LatencySummary.of("total", total));
        return rows;
    }
}
