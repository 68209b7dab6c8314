package dev.magpie.cli;

import dev.magpie.devices.board.Board;
import dev.magpie.devices.board.BoardDetector;
import dev.magpie.learn.Classifier;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this board and installation, and time each stage of classifying a frame.",
            "Covers the CPU and its features, ONNX Runtime providers, the backbone file and its checksum,",
            "the data directory and the current model, and gives a per-stage timing of 50 frames.",
            "Exit code 1 if any check fails; paste the output into a bug report."})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--frames", defaultValue = "50", description = "Frames to time (default: ${DEFAULT-VALUE}).")
    int frames;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<String> failures = new ArrayList<>();
        out.println("Magpie doctor");
        BoardDetector detector = BoardDetector.forThisMachine();
        Board board = detector.detect();
        out.printf("  %-10s %s%n", "board", board.summary());
        out.printf("  %-10s %s%n", "cpu", inferenceFeatures(board));
        detector.cpuTemperatureCelsius().ifPresent(t -> out.printf(Locale.ROOT, "  %-10s %.1f °C%n", "cpu temp", t));
        if (board.kind() == Board.Kind.PI_4 || board.kind() == Board.Kind.PI_5) {
            out.printf("  %-10s %s%n", "note", board.hasInt8DotProduct()
                    ? "this CPU has int8 dot-product instructions: the int8 backbone runs at its best"
                    : "no int8 dot-product instructions (Cortex-A72): expect roughly 2-3x slower inference than a Pi 5");
        }
        try (Workspace workspace = magpie.openWorkspace()) {
            SystemReport.print(workspace, out);
            checkDataDir(workspace.dataDir(), out, failures);
            Optional<OnnxBackbone> backbone = checkBackbone(workspace, out, failures);
            Optional<Classifier> classifier = checkModel(workspace, out, failures);
            if (backbone.isPresent()) {
                Mat frame = SyntheticFrame.render(640, 480, 1);
                byte[] jpeg = SyntheticFrame.jpeg(frame);
                frame.release();
                out.printf("Timing, %d synthetic 640x480 JPEG frames:%n", frames);
                out.println(LatencySummary.header());
                for (LatencySummary row : BenchCommand.time(workspace.decoder(), backbone.get(), classifier, List.of(jpeg), frames)) {
                    out.println(row.row());
                }
            }
        } catch (UserError e) {
            failures.add(e.getMessage());
        } catch (Exception e) {
            failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (failures.isEmpty()) {
            out.println("All checks passed.");
            return ExitCodes.OK;
        }
        out.println("Problems:");
        for (String failure : failures) {
            out.println("  - " + failure);
        }
        return ExitCodes.FAILURE;
    }

    /** The CPU flags that decide how fast int8 inference runs; the full list is in /proc/cpuinfo. */
    private static String inferenceFeatures(Board board) {
        List<String> present = new ArrayList<>();
        for (String flag : List.of("asimd", "asimddp", "i8mm", "sve", "avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")) {
            if (board.hasCpuFeature(flag)) {
                present.add(flag);
            }
        }
        return present.isEmpty() ? "no SIMD features reported (emulated or unknown CPU)" : "features " + String.join(" ", present);
    }

    private static void checkDataDir(Path dataDir, PrintStream out, List<String> failures) {
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".doctor", ".tmp");
            Files.delete(probe);
            long free = Files.getFileStore(dataDir).getUsableSpace();
            out.printf(Locale.ROOT, "  %-10s %s (writable, %.1f GB free)%n", "data dir", dataDir, free / 1e9);
            if (free < 200_000_000L) {
                failures.add("less than 200 MB free in " + dataDir + "; the inbox and training need room");
            }
        } catch (IOException e) {
            out.printf("  %-10s %s NOT WRITABLE: %s%n", "data dir", dataDir, e.getMessage());
            failures.add("the data directory " + dataDir + " is not writable: " + e.getMessage());
        }
    }

    private static Optional<OnnxBackbone> checkBackbone(Workspace workspace, PrintStream out, List<String> failures) {
        try {
            Path file = workspace.backboneFile();
            String sha = ModelResolver.sha256(Files.readAllBytes(file));
            OnnxBackbone backbone = workspace.backbone();
            out.printf("  %-10s %s (sha256 %s…, %d-d embedding, providers %s)%n", "backbone", file, sha.substring(0, 12),
                    backbone.dimension(), backbone.providers().usable());
            return Optional.of(backbone);
        } catch (IOException | RuntimeException e) {
            out.printf("  %-10s MISSING%n", "backbone");
            failures.add(e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Classifier> checkModel(Workspace workspace, PrintStream out, List<String> failures) {
        try {
            Optional<String> current = workspace.models().current();
            if (current.isEmpty()) {
                out.printf("  %-10s none trained yet (import photos, then 'magpie train')%n", "model");
                return Optional.empty();
            }
            Classifier classifier = workspace.classifier(current.get());
            out.printf("  %-10s %s, labels %s%n", "model", current.get(), String.join(", ", classifier.labels()));
            return Optional.of(classifier);
        } catch (IOException | RuntimeException e) {
            out.printf("  %-10s BROKEN%n", "model");
            failures.add("the current model cannot be loaded: " + e.getMessage() + " (try 'magpie models rollback')");
            return Optional.empty();
        }
    }
}
