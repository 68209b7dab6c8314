package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.FolderImporter;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.OnnxBackbone;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    private static OnnxBackbone backbone;
    private static final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    @Test
    void trainsEvaluatesAndSavesAVersionThatClassifiesHeldOutPhotos() throws Exception {
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            new FolderImporter(store, ImportLimits.DEFAULT).importFolder(SharedFiles.datasets().resolve("azure-customvision-trees"), false);
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            List<String> phases = new ArrayList<>();
            TrainingRun run = new TrainingRun(store, decoder, backbone, registry,
                    TrainingOptions.defaults(7).withAugmentedViews(2), Clock.systemUTC());

            TrainingResult result = run.run((phase, done, total) -> {
                if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase.name())) {
                    phases.add(phase.name());
                }
            });

            assertThat(result.version()).isEqualTo("v0001");
            assertThat(result.previous()).isEmpty();
            assertThat(phases).containsSubsequence("EMBEDDING", "TRAINING", "EVALUATING");
            assertThat(result.metrics().labels()).containsExactly("hemlock", "japanese_cherry");
            assertThat(result.metrics().heldOutRows()).isEqualTo(4); // 20 % of 10 per label
            assertThat(result.metrics().accuracy()).isGreaterThanOrEqualTo(0.75);
            assertThat(result.record().backboneSha256()).isEqualTo(backbone.sha256());
            assertThat(result.record().datasetFingerprint()).isEqualTo(store.fingerprint());
            assertThat(registry.list()).hasSize(1);

            StoredImage cherry = store.images(LabelName.of("japanese_cherry")).get(0);
            try (Classifier classifier = Classifier.load(registry, result.version(), backbone);
                 DecodedImage image = decoder.decode(store.readBytes(cherry))) {
                Prediction prediction = classifier.classify(image.bgr());
                assertThat(prediction.top().label()).isEqualTo("japanese_cherry");
                assertThat(prediction.scores()).hasSize(2);
            }
        }
    }

    @Test
    void secondRunReusesCachedEmbeddings() throws Exception {
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            new FolderImporter(store, ImportLimits.DEFAULT).importFolder(SharedFiles.datasets().resolve("azure-customvision-trees"), false);
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            TrainingOptions options = TrainingOptions.defaults(3).withAugmentedViews(1);
            new TrainingRun(store, decoder, backbone, registry, options, Clock.systemUTC()).run(ProgressListener.NONE);

            AtomicLong embedded = new AtomicLong(-1);
            TrainingResult second = new TrainingRun(store, decoder, backbone, registry, options, Clock.systemUTC())
                    .run((phase, done, total) -> {
                        if (phase == ProgressListener.Phase.EMBEDDING) {
                            embedded.set(total);
                        }
                    });

            assertThat(embedded).hasValue(0);
            assertThat(second.version()).isEqualTo("v0002");
        }
    }

    @Test
    void aLabelWithOneImageIsRefusedWithAdvice() throws Exception {
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            new FolderImporter(store, ImportLimits.DEFAULT).importFolder(SharedFiles.datasets().resolve("azure-customvision-trees"), false);
            List<StoredImage> hemlocks = store.images(LabelName.of("hemlock"));
            for (int i = 1; i < hemlocks.size(); i++) {
                store.deleteImage(hemlocks.get(i).sha256());
            }
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            TrainingRun run = new TrainingRun(store, decoder, backbone, registry, TrainingOptions.defaults(1), Clock.systemUTC());

            assertThatThrownBy(() -> run.run(ProgressListener.NONE))
                    .isInstanceOf(NotEnoughDataException.class)
                    .hasMessageContaining("label hemlock has 1 image");
            assertThat(registry.list()).isEmpty();
        }
    }
}
