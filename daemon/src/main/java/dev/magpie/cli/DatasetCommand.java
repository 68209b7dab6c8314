package dev.magpie.cli;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.HealthCheck;
import dev.magpie.dataset.HealthReport;
import dev.magpie.dataset.HealthThresholds;
import dev.magpie.dataset.HealthWarning;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Inspect the dataset.",
        subcommands = DatasetCommand.Stats.class)
final class DatasetCommand {

    @ParentCommand
    MagpieCommand magpie;

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Images per label and split, and health warnings.",
                "Warns about too few images (Lobe: 10-20; AutoML: at least 10, preferably 100), imbalance, a missing",
                "None label, and near-duplicates across labels (needs a first 'magpie train')."})
    static final class Stats implements Callable<Integer> {

        @ParentCommand
        DatasetCommand dataset;

        @Option(names = "--json", description = "Print counts and warnings as JSON.")
        boolean json;

        record LabelStats(int total, int train, int test, int unassigned) {
        }

        record Report(Map<String, LabelStats> labels, int inbox, String fingerprint, HealthReport health) {
        }

        @Override
        public Integer call() {
            try (Workspace workspace = dataset.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                Map<String, LabelStats> labels = new LinkedHashMap<>();
                for (LabelName label : store.labels()) {
                    int train = 0;
                    int test = 0;
                    int unassigned = 0;
                    for (StoredImage image : store.images(label)) {
                        if (image.split() == Split.TRAIN) {
                            train++;
                        } else if (image.split() == Split.TEST) {
                            test++;
                        } else {
                            unassigned++;
                        }
                    }
                    labels.put(label.value(), new LabelStats(train + test + unassigned, train, test, unassigned));
                }
                HealthReport health = new HealthCheck(HealthThresholds.DEFAULT).check(store, cachedEmbeddings(workspace, store));
                Report report = new Report(labels, store.inbox().size(), store.fingerprint(), health);
                if (json) {
                    System.out.println(Json.write(report));
                    return ExitCodes.OK;
                }
                System.out.printf("  %-32s %6s %6s %6s %10s%n", "label", "images", "train", "test", "unassigned");
                labels.forEach((name, s) -> System.out.printf("  %-32s %6d %6d %6d %10d%n", name, s.total(), s.train(),
                        s.test(), s.unassigned()));
                System.out.printf("  inbox: %d unlabelled%n", report.inbox());
                if (health.warnings().isEmpty()) {
                    System.out.println("Health: no warnings.");
                }
                for (HealthWarning warning : health.warnings()) {
                    System.out.printf("%-8s %s%n", warning.severity().name().toLowerCase(Locale.ROOT), warning.text());
                }
                return ExitCodes.OK;
            }
        }

        /** View-0 embeddings already cached by training; the near-duplicate check never embeds anything itself. */
        private static Map<String, float[]> cachedEmbeddings(Workspace workspace, DatasetStore store) {
            Map<String, float[]> embeddings = new HashMap<>();
            String backboneId = workspace.backboneIdIfPresent().orElse(null);
            if (backboneId == null) {
                return embeddings;
            }
            for (StoredImage image : store.images()) {
                store.cachedEmbedding(image.sha256(), backboneId, 0).ifPresent(v -> embeddings.put(image.sha256(), v));
            }
            return embeddings;
        }
    }
}
