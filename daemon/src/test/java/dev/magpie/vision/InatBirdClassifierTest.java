package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.magpie.testing.DarknetSamples;
import dev.magpie.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class InatBirdClassifierTest {

    private static InatBirdClassifier species;
    private static YoloxDetector birds;

    @BeforeAll
    static void load() throws Exception {
        species = InatBirdClassifier.load(VisionModels.resolve(ModelSpec.INAT_BIRD), VisionModels.resolve(ModelSpec.INAT_BIRD_LABELS), 1);
        birds = YoloxDetector.load(VisionModels.resolve(ModelSpec.YOLOX_NANO), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withClasses(Set.of("bird")));
    }

    @AfterAll
    static void close() {
        species.close();
        birds.close();
    }

    @Test
    void theWholeOwlPhotoIsABurrowingOwl() {
        List<SpeciesPrediction> top = whole(SharedFiles.sample("owl.jpg"));
        assertThat(top.get(0).commonName()).isEqualTo("Burrowing Owl");
        assertThat(top.get(0).scientificName()).isEqualTo("Athene cunicularia");
        assertThat(top.get(0).score()).isCloseTo(0.95, within(0.03));
    }

    @Test
    void theDetectedOwlsCropIsABurrowingOwl() {
        List<SpeciesPrediction> top = cropOfFirstBird(SharedFiles.sample("owl.jpg"));
        assertThat(top.get(0).commonName()).isEqualTo("Burrowing Owl");
        assertThat(top.get(0).score()).isGreaterThan(0.5);
    }

    @Test
    void theDarknetEagleIsABaldEagle() {
        Path eagle = DarknetSamples.photo("eagle.jpg").orElse(null);
        Assumptions.assumeTrue(eagle != null, DarknetSamples.WHY_MISSING);
        List<SpeciesPrediction> whole = whole(eagle);
        assertThat(whole.get(0).commonName()).isEqualTo("Bald Eagle");
        assertThat(whole.get(0).score()).isCloseTo(0.73, within(0.06));
        assertThat(cropOfFirstBird(eagle).get(0).commonName()).isEqualTo("Bald Eagle");
    }

    @Test
    void aHotDogIsBackground() {
        SpeciesPrediction top = whole(SharedFiles.sample("hot_dog.jpg")).get(0);
        assertThat(top.isBackground()).isTrue();
        assertThat(top.score()).isCloseTo(0.90, within(0.05));
    }

    @Test
    void labelsAre964SpeciesAndBackground() {
        assertThat(species.labels()).hasSize(965);
        assertThat(species.labels().get(964)).isEqualTo("background");
    }

    @Test
    void aClosedClassifierRefusesWork() throws Exception {
        InatBirdClassifier other = InatBirdClassifier.load(VisionModels.resolve(ModelSpec.INAT_BIRD), VisionModels.resolve(ModelSpec.INAT_BIRD_LABELS), 1);
        other.close();
        other.close(); // idempotent
        Mat image = Imgcodecs.imread(SharedFiles.sample("owl.jpg").toString());
        try {
            assertThatThrownBy(() -> other.classify(image, 1)).isInstanceOf(IllegalStateException.class);
        } finally {
            image.release();
        }
    }

    private static List<SpeciesPrediction> whole(Path photo) {
        Mat image = Imgcodecs.imread(photo.toString());
        try {
            List<SpeciesPrediction> top = species.classify(image, 3);
            System.out.println(photo.getFileName() + " whole: " + top);
            return top;
        } finally {
            image.release();
        }
    }

    private static List<SpeciesPrediction> cropOfFirstBird(Path photo) {
        Mat image = Imgcodecs.imread(photo.toString());
        try {
            Detection bird = birds.detect(image).get(0);
            Mat crop = BoxCrops.crop(image, bird, 0.1);
            try {
                List<SpeciesPrediction> top = species.classify(crop, 3);
                System.out.println(photo.getFileName() + " crop of " + bird + ": " + top);
                return top;
            } finally {
                crop.release();
            }
        } finally {
            image.release();
        }
    }
}
