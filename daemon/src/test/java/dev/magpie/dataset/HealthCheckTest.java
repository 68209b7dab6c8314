package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.magpie.dataset.HealthWarning.Severity.ERROR;
import static dev.magpie.dataset.HealthWarning.Severity.INFO;
import static dev.magpie.dataset.HealthWarning.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckTest {

    private final HealthCheck check = new HealthCheck(HealthThresholds.DEFAULT);

    private static Map<LabelName, Integer> counts(Object... labelThenCount) {
        Map<LabelName, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < labelThenCount.length; i += 2) {
            counts.put(LabelName.of((String) labelThenCount[i]), (Integer) labelThenCount[i + 1]);
        }
        return counts;
    }

    @Test
    void labelCountsAreJudgedAgainstLobeAndAutoMlMinimums() {
        List<HealthWarning> warnings = check.countWarnings(counts("None", 150, "empty", 0, "few", 4, "some", 15, "ok", 50, "plenty", 120));

        assertThat(warnings).extracting(w -> w.code() + ":" + w.severity()).contains(
                "EMPTY_LABEL:ERROR", "TOO_FEW_IMAGES:ERROR", "FEW_IMAGES:WARNING", "BELOW_PREFERRED:INFO", "IMBALANCE:WARNING");
        assertThat(warnings).filteredOn(w -> w.code().equals("TOO_FEW_IMAGES")).singleElement()
                .extracting(HealthWarning::text).isEqualTo("label 'few' has 4 images; it needs at least 10 (Lobe and AutoML both ask for 10 or more)");
        assertThat(warnings).filteredOn(w -> w.code().equals("IMBALANCE")).singleElement()
                .extracting(HealthWarning::text).asString().startsWith("label 'None' has 150 images but 'few' only 4 (38:1)");
        assertThat(warnings).noneMatch(w -> w.text().contains("'plenty'"));
        assertThat(warnings).noneMatch(w -> w.code().equals("NO_NONE_LABEL"));
    }

    @Test
    void missingNoneLabelAndSingleLabelAreReported() {
        List<HealthWarning> warnings = check.countWarnings(counts("cat", 30));

        assertThat(warnings).extracting(HealthWarning::code).contains("NO_NONE_LABEL", "TOO_FEW_LABELS");
    }

    @Test
    void balancedWellFilledDatasetHasNoWarnings() {
        assertThat(check.countWarnings(counts("None", 100, "cat", 120, "dog", 110))).isEmpty();
    }

    @Test
    void nearDuplicatesAreReportedOnlyAcrossLabels() {
        Map<String, LabelName> labels = Map.of("a".repeat(64), LabelName.of("cat"), "b".repeat(64), LabelName.of("dog"),
                "c".repeat(64), LabelName.of("cat"), "d".repeat(64), LabelName.of("dog"));
        Map<String, float[]> embeddings = Map.of(
                "a".repeat(64), new float[] {1f, 0f, 0.001f},
                "b".repeat(64), new float[] {2f, 0f, 0f},        // same direction as a, other label
                "c".repeat(64), new float[] {1f, 0.001f, 0f},    // same direction as a, same label: fine
                "d".repeat(64), new float[] {0f, 1f, 0f});

        List<HealthWarning> warnings = check.nearDuplicates(labels, embeddings);

        assertThat(warnings).hasSize(2).allSatisfy(w -> {
            assertThat(w.code()).isEqualTo("NEAR_DUPLICATE_ACROSS_LABELS");
            assertThat(w.text()).contains("bbbbbbbbbbbb (label 'dog')").contains("probably mislabelled");
        });
    }

    @Test
    void reportFromStoreSortsErrorsFirstAndCountsInbox(@TempDir Path dataDir) {
        try (DatasetStore store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT))) {
            AddResult cat = store.addImage(TestImages.jpeg(1), LabelName.of("cat"), "t");
            AddResult none = store.addImage(TestImages.jpeg(2), LabelName.NONE, "t");
            store.addToInbox(TestImages.jpeg(3), "cam");

            HealthReport report = check.check(store, Map.of(cat.sha256(), new float[] {1, 1}, none.sha256(), new float[] {1, 1}));

            assertThat(report.hasErrors()).isTrue();
            assertThat(report.warnings().get(0).severity()).isEqualTo(ERROR);
            assertThat(report.warnings().get(report.warnings().size() - 1).severity()).isEqualTo(INFO);
            assertThat(report.withCode("INBOX_WAITING")).singleElement().extracting(HealthWarning::text)
                    .isEqualTo("1 image waits in the inbox; label them to teach the model about the scenes it was unsure of");
            assertThat(report.withCode("NEAR_DUPLICATE_ACROSS_LABELS")).hasSize(1).allMatch(w -> w.severity() == WARNING);
        }
    }
}
