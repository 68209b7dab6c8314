package dev.magpie.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.detect.SpeciesClassifier;
import dev.magpie.detect.SpeciesGuess;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.OnnxBackbone;
import dev.magpie.vision.SpeciesPrediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** {@code species: head}: the zone's own trained model names the crops of a visit. */
class OwnHeadSpeciesTest {

    @TempDir
    Path dataDir;

    @Test
    void theOwnersModelNamesACropAndNoModelYetSendsItToTheInbox() throws Exception {
        NativeLibraries.loadOpenCv();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        List<Path> forks = TestImages.realImages("azure-customvision-fork-scissors", "fork", 20);
        List<Path> scissors = TestImages.realImages("azure-customvision-fork-scissors", "scissors", 20);
        try (OnnxBackbone backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
             DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            try (LoadedModels heads = new LoadedModels(registry, backbone)) {
                SpeciesClassifier untrained = ZoneDetections.ownHead("current", heads);
                Mat fork = Imgcodecs.imread(forks.get(19).toString(), Imgcodecs.IMREAD_COLOR);
                SpeciesGuess before = untrained.classify(fork);
                assertThat(before.species()).as("no model yet").isEqualTo(SpeciesPrediction.BACKGROUND);
                assertThat(before.confidence()).isZero();

                for (int i = 0; i < 15; i++) {
                    store.addImage(Files.readAllBytes(forks.get(i)), LabelName.of("fork"), "test");
                    store.addImage(Files.readAllBytes(scissors.get(i)), LabelName.of("scissors"), "test");
                }
                TrainingResult trained = new TrainingRun(store, decoder, backbone, registry,
                        TrainingOptions.defaults(3).withAugmentedViews(1), Clock.systemUTC()).run(ProgressListener.NONE);
                registry.promote(trained.version());
                heads.followRegistry();

                SpeciesGuess after = ZoneDetections.ownHead("current", heads).classify(fork);
                assertThat(after.species()).isEqualTo("fork");
                assertThat(after.confidence()).isGreaterThan(0.5);
                Mat cut = Imgcodecs.imread(scissors.get(19).toString(), Imgcodecs.IMREAD_COLOR);
                assertThat(ZoneDetections.ownHead("current", heads).classify(cut).species()).isEqualTo("scissors");
                fork.release();
                cut.release();
            }
        }
    }
}
