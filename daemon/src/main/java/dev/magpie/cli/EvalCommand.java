package dev.magpie.cli;

import dev.magpie.learn.Metrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Show a model's held-out precision, recall, F1 and AP per label, and its confusion matrix.",
            "Move the threshold with --threshold to see the trade-off (read from the stored precision/recall curve)."})
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Parameters(paramLabel = "VERSION", arity = "0..1", description = "Model version (default: the current one).")
    String version;

    @Option(names = "--threshold", paramLabel = "P", description = "Probability threshold, 0-1 (default: the one used in training).")
    Double threshold;

    @Option(names = "--json", description = "Print metrics as JSON (with the full curves).")
    boolean json;

    record AtThreshold(String label, double threshold, double precision, double recall, double f1) {
    }

    record Result(String version, Metrics metrics, List<AtThreshold> atThreshold) {
    }

    @Override
    public Integer call() throws IOException {
        if (threshold != null && (threshold < 0 || threshold > 1)) {
            throw new UserError(ExitCodes.USAGE, "--threshold must be between 0 and 1, was " + threshold);
        }
        try (Workspace workspace = magpie.openWorkspace()) {
            String chosen = version != null ? version : workspace.currentVersion();
            Metrics metrics = workspace.models().read(chosen).metrics();
            double t = threshold != null ? threshold : metrics.threshold();
            if (json) {
                List<AtThreshold> points = new ArrayList<>();
                for (Metrics.LabelMetrics label : metrics.perLabel()) {
                    Metrics.PrecisionRecallCurve.Point p = label.curve().at(t);
                    points.add(new AtThreshold(label.label(), t, p.precision(), p.recall(), p.f1()));
                }
                System.out.println(Json.write(new Result(chosen, metrics, points)));
                return ExitCodes.OK;
            }
            System.out.println("Model " + chosen);
            MetricsTable.print(metrics, t, System.out);
            return ExitCodes.OK;
        }
    }
}
