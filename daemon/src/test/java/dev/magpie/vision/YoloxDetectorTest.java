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

class YoloxDetectorTest {

    private static YoloxDetector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = YoloxDetector.load(VisionModels.resolve(ModelSpec.YOLOX_NANO), InferenceSettings.DEFAULT, DetectorSettings.DEFAULT);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void findsTheOwlAsABird() {
        List<Detection> found = detect(SharedFiles.sample("owl.jpg"));
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).className()).isEqualTo("bird");
        assertThat(found.get(0).classIndex()).isEqualTo(14);
        assertThat(found.get(0).score()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void findsTwoDogsInPets() {
        List<Detection> dogs = detect(SharedFiles.sample("pets.jpg")).stream().filter(d -> d.className().equals("dog")).toList();
        assertThat(dogs).hasSize(2);
        assertThat(dogs.get(0).score()).isCloseTo(0.91, within(0.05));
        assertThat(dogs.get(1).score()).isCloseTo(0.84, within(0.05));
        assertThat(dogs.get(0).iou(dogs.get(1))).isLessThan(0.45);
    }

    @Test
    void findsTheHotDog() {
        List<Detection> found = detect(SharedFiles.sample("hot_dog.jpg"));
        assertThat(found.get(0).className()).isEqualTo("hot dog");
        assertThat(found.get(0).score()).isCloseTo(0.84, within(0.05));
    }

    @Test
    void findsTheDarknetEagleWhereMagpieMdSaysItIs() {
        Path eagle = DarknetSamples.photo("eagle.jpg").orElse(null);
        Assumptions.assumeTrue(eagle != null, DarknetSamples.WHY_MISSING);
        Detection bird = detect(eagle).get(0);
        assertThat(bird.className()).isEqualTo("bird");
        assertThat(bird.score()).isCloseTo(0.94, within(0.04));
        assertThat(bird.x()).isCloseTo(139, within(4.0));
        assertThat(bird.y()).isCloseTo(80, within(4.0));
        assertThat(bird.right()).isCloseTo(602, within(4.0));
        assertThat(bird.bottom()).isCloseTo(448, within(4.0));
    }

    @Test
    void aClassFilterKeepsOnlyThoseClasses() throws Exception {
        try (YoloxDetector birdsOnly = YoloxDetector.load(VisionModels.resolve(ModelSpec.YOLOX_NANO), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withClasses(Set.of("bird")))) {
            Mat pets = Imgcodecs.imread(SharedFiles.sample("pets.jpg").toString());
            Mat owl = Imgcodecs.imread(SharedFiles.sample("owl.jpg").toString());
            try {
                assertThat(birdsOnly.detect(pets)).isEmpty();
                assertThat(birdsOnly.detect(owl)).extracting(Detection::className).containsOnly("bird").isNotEmpty();
            } finally {
                pets.release();
                owl.release();
            }
        }
    }

    @Test
    void anUnknownClassNameIsRefusedWithTheList() {
        assertThatThrownBy(() -> YoloxDetector.load(VisionModels.resolve(ModelSpec.YOLOX_NANO), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withClasses(Set.of("goldfinch"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goldfinch").hasMessageContaining("bird");
    }

    @Test
    void theScoreThresholdDropsWeakDetections() throws Exception {
        try (YoloxDetector strict = YoloxDetector.load(VisionModels.resolve(ModelSpec.YOLOX_NANO), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withScoreThreshold(0.6))) {
            Mat hotDog = Imgcodecs.imread(SharedFiles.sample("hot_dog.jpg").toString());
            try {
                assertThat(strict.detect(hotDog)).extracting(Detection::className).containsExactly("hot dog");
            } finally {
                hotDog.release();
            }
        }
    }

    @Test
    void relativeBoxesAreFractionsOfTheFrame() {
        Mat owl = Imgcodecs.imread(SharedFiles.sample("owl.jpg").toString());
        try {
            Detection bird = detector.detect(owl).get(0);
            Detection.RelativeBox box = bird.relative(owl.cols(), owl.rows());
            assertThat(box.left()).isBetween(0.0, 1.0);
            assertThat(box.left() + box.width()).isBetween(0.0, 1.0);
            assertThat(box.top() + box.height()).isBetween(0.0, 1.0);
            assertThat(box.width() * owl.cols()).isCloseTo(bird.clippedTo(owl.cols(), owl.rows()).width(), within(1e-6));
        } finally {
            owl.release();
        }
    }

    static List<Detection> detect(Path photo) {
        Mat image = Imgcodecs.imread(photo.toString());
        try {
            assertThat(image.empty()).as("decoded %s", photo).isFalse();
            List<Detection> found = detector.detect(image);
            System.out.println(photo.getFileName() + " " + image.cols() + "×" + image.rows() + ": " + found);
            return found;
        } finally {
            image.release();
        }
    }
}
