package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path dataDir;

    private ModelRegistry registry;
    private ModelArtifacts artifacts;

    @BeforeEach
    void trainOneHead() {
        registry = new ModelRegistry(dataDir, SyntheticClusters.WIDTH, new ObjectMapper());
        SyntheticClusters clusters = new SyntheticClusters(31, 2, 0.5);
        TrainingSet set = clusters.set(10, 10);
        TrainedHead trained = new HeadTrainer(HeadTrainingParameters.DEFAULTS).train(set, ProgressListener.NONE);
        TrainingSet heldOut = clusters.set(5, 5);
        Metrics metrics = new Evaluator(0.5).evaluate(trained.head().probabilities(heldOut.embeddings()), heldOut.labelIndex(), set.labelNames());
        TrainingRecord training = new TrainingRecord("sha256:abc", HeadTrainingParameters.DEFAULTS, Map.of("train", trained.totalMillis()),
                "mobilenetv2-int8", "deadbeef", 42L, "2026-11-22T00:00:00Z",
                new TrainingRecord.Counts(20, 10, 0, Map.of("label_0", 10, "label_1", 10)));
        artifacts = new ModelArtifacts(trained.onnx(), set.labelNames(), metrics, OpenSetRule.fit(set, 0.95, 1.5, 0.5), training);
    }

    private List<String> listedVersions() throws IOException {
        return registry.list().stream().map(ModelSummary::version).toList();
    }

    @Test
    void createWritesNumberedCompleteVersions() throws IOException {
        assertThat(registry.create(artifacts)).isEqualTo("v0001");
        assertThat(registry.create(artifacts)).isEqualTo("v0002");
        for (String file : ModelRegistry.FILES) {
            assertThat(dataDir.resolve("models/v0001").resolve(file)).isRegularFile();
        }
        List<ModelSummary> list = registry.list();
        assertThat(list).extracting(ModelSummary::version).containsExactly("v0001", "v0002");
        assertThat(list.get(0).accuracy()).isEqualTo(artifacts.metrics().accuracy());
        assertThat(list.get(0).current()).isFalse();
        assertThat(registry.read("v0001").training()).isEqualTo(artifacts.training());
    }

    @Test
    void promoteSwitchesCurrent() throws IOException {
        String v1 = registry.create(artifacts);
        registry.promote(v1);
        assertThat(registry.current()).contains(v1);
        assertThat(registry.list().get(0).current()).isTrue();
    }

    @Test
    void rollbackRestoresPreviousVersion() throws IOException {
        String v1 = registry.create(artifacts);
        String v2 = registry.create(artifacts);
        registry.promote(v1);
        registry.promote(v2);
        assertThat(registry.rollback()).isEqualTo(v1);
        assertThat(registry.current()).contains(v1);
        assertThatThrownBy(registry::rollback).isInstanceOf(IllegalStateException.class).hasMessageContaining("no earlier");
    }

    @Test
    void deletingCurrentVersionIsRefused() throws IOException {
        String v1 = registry.create(artifacts);
        registry.promote(v1);
        assertThatThrownBy(() -> registry.delete(v1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("v0001 is the current model");
        assertThat(listedVersions()).containsExactly(v1);
    }

    @Test
    void deleteRemovesVersionAndItsHistoryAndNamesAreNotReused() throws IOException {
        String v1 = registry.create(artifacts);
        String v2 = registry.create(artifacts);
        registry.promote(v1);
        registry.promote(v2);
        registry.delete(v1);
        assertThat(listedVersions()).containsExactly(v2);
        assertThatThrownBy(registry::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(registry.create(artifacts)).isEqualTo("v0003");
    }

    @Test
    void unknownVersionNamesTheAvailableOnes() throws IOException {
        registry.create(artifacts);
        assertThatThrownBy(() -> registry.promote("v0009")).isInstanceOf(UnknownModelVersionException.class)
                .hasMessageContaining("v0009").hasMessageContaining("available: v0001");
    }

    @Test
    void exportThenImportRoundTripsIntoAnotherDataDirectory() throws IOException {
        String v1 = registry.create(artifacts);
        Path zip = dataDir.resolve("export/model.zip");
        registry.exportZip(v1, zip);
        ModelRegistry elsewhere = new ModelRegistry(dataDir.resolve("elsewhere"), SyntheticClusters.WIDTH, new ObjectMapper());
        String imported = elsewhere.importZip(zip);
        assertThat(imported).isEqualTo("v0001");
        ModelArtifacts back = elsewhere.read(imported);
        assertThat(back.headOnnx()).isEqualTo(artifacts.headOnnx());
        assertThat(back.labels()).isEqualTo(artifacts.labels());
        assertThat(back.metrics()).usingRecursiveComparison().isEqualTo(artifacts.metrics());
        assertThat(back.openSet()).usingRecursiveComparison().isEqualTo(artifacts.openSet());
    }

    @Test
    void importingAModelThatIsAlreadyHereIsRefused() throws IOException {
        String v1 = registry.create(artifacts);
        Path zip = dataDir.resolve("export/model.zip");
        registry.exportZip(v1, zip);
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("same model as v0001");
        assertThat(listedVersions()).containsExactly("v0001");
    }

    @Test
    void zipSlipImportIsRefusedAndRegistryUnchanged() throws IOException {
        registry.create(artifacts);
        Path zip = zipOf(Map.of("../../evil.sh", "#!/bin/sh\n".getBytes()));
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("outside the model directory");
        assertThat(listedVersions()).containsExactly("v0001");
        assertThat(dataDir.resolve("evil.sh")).doesNotExist();
        assertThat(dataDir.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void absolutePathEntryIsRefused() throws IOException {
        Path zip = zipOf(Map.of("/tmp/head.onnx", new byte[1]));
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void zipMissingFilesIsRefused() throws IOException {
        Path zip = zipOf(Map.of(ModelRegistry.HEAD, artifacts.headOnnx()));
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("lacks").hasMessageContaining(ModelRegistry.LABELS);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void headOfAnotherBackboneWidthIsRefused() throws IOException {
        String v1 = registry.create(artifacts);
        Path zip = dataDir.resolve("model.zip");
        registry.exportZip(v1, zip);
        ModelRegistry otherBackbone = new ModelRegistry(dataDir.resolve("other"), 1024, new ObjectMapper());
        assertThatThrownBy(() -> otherBackbone.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("1280-wide").hasMessageContaining("1024");
        assertThat(otherBackbone.list()).isEmpty();
    }

    @Test
    void headThatDoesNotLoadIsRefused() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path zip = zipOf(Map.of(ModelRegistry.HEAD, "not onnx".getBytes(),
                ModelRegistry.LABELS, json.writeValueAsBytes(artifacts.labels()),
                ModelRegistry.METRICS, json.writeValueAsBytes(artifacts.metrics()),
                ModelRegistry.OPEN_SET, json.writeValueAsBytes(artifacts.openSet()),
                ModelRegistry.TRAINING, json.writeValueAsBytes(artifacts.training())));
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("does not load");
    }

    @Test
    void oversizeEntryIsRefused() throws IOException {
        Path zip = zipOf(Map.of(ModelRegistry.LABELS, new byte[(int) ModelRegistry.MAX_JSON_BYTES + 1]));
        assertThatThrownBy(() -> registry.importZip(zip)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void crashMidWriteLeavesListUnaffected() throws IOException {
        String v1 = registry.create(artifacts);
        // What a power cut during create() leaves: a dot-named temp directory with some of the files.
        Path half = Files.createDirectories(dataDir.resolve("models/.v0002-123456"));
        Files.write(half.resolve(ModelRegistry.HEAD), artifacts.headOnnx());
        // And a version-named directory that is incomplete (e.g. restored by hand).
        Files.createDirectories(dataDir.resolve("models/v0005"));
        assertThat(listedVersions()).containsExactly(v1);
        assertThat(registry.create(artifacts)).isEqualTo("v0006");
        registry.removeLeftovers();
        assertThat(half).doesNotExist();
        assertThat(listedVersions()).containsExactly(v1, "v0006");
    }

    private Path zipOf(Map<String, byte[]> entries) throws IOException {
        Path zip = Files.createTempFile(dataDir, "import", ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }
}
