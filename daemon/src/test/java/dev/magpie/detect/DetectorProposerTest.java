package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.YoloxDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class DetectorProposerTest {

    private static final Path PHOTOS = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");

    private static YoloxDetector yolox;

    @BeforeAll
    static void load() throws Exception {
        dev.magpie.vision.NativeLibraries.loadOpenCv();
        ModelResolver resolver = new ModelResolver(Path.of("target", "no-model-cache"), List.of(SharedFiles.models()), false,
                Duration.ofSeconds(1));
        yolox = YoloxDetector.load(resolver.resolve(ModelSpec.YOLOX_NANO, Optional.empty()), InferenceSettings.DEFAULT,
                DetectorSettings.DEFAULT.withScoreThreshold(DetectorProposer.SCORE_THRESHOLD));
    }

    @AfterAll
    static void close() {
        yolox.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {PHOTO_FORK, PHOTO_SCISSORS})
    void aCocoProposalCoversTheTrueBox(String photo) throws Exception {
        Mat bgr = Imgcodecs.imread(PHOTOS.resolve(photo).toString());
        try {
            Box truth = truth(photo, bgr.cols(), bgr.rows());
            List<Box> proposals = new DetectorProposer(yolox).propose(bgr);
            assertThat(proposals).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            assertThat(proposals).allSatisfy(b -> {
                assertThat(b.x()).isGreaterThanOrEqualTo(0);
                assertThat(b.right()).isLessThanOrEqualTo(bgr.cols());
            });
            double best = proposals.stream().mapToDouble(b -> b.iou(truth)).max().orElse(0);
            assertThat(best).as("best proposal IoU with the true box of " + photo).isGreaterThanOrEqualTo(0.5);
            // the union with the windows keeps every COCO proposal and adds the windows that are new
            List<Box> both = RegionProposer.union(new DetectorProposer(yolox), SlidingWindowProposer.DEFAULT, 0.9).propose(bgr);
            assertThat(both).containsAll(proposals).hasSizeGreaterThan(proposals.size());
        } finally {
            bgr.release();
        }
    }

    static final String PHOTO_FORK = "fork/fork_1.jpg";
    static final String PHOTO_SCISSORS = "scissors/scissors_1.jpg";

    @Test
    void keepsTheBestOfOverlappingClassesPadsAndCaps() {
        Detector fake = new Detector() {
            @Override
            public List<Detection> detect(Mat bgr) {
                return List.of(new Detection(43, "knife", 0.2, 10, 10, 100, 50),
                        new Detection(42, "fork", 0.6, 12, 10, 100, 50),
                        new Detection(0, "person", 0.01, 0, 0, 50, 50),
                        new Detection(76, "scissors", 0.1, 165, 100, 40, 40));
            }

            @Override
            public List<String> classNames() {
                return YoloxDetector.cocoNames();
            }

            @Override
            public void close() {
            }
        };
        Mat frame = new Mat(200, 200, org.opencv.core.CvType.CV_8UC3);
        try {
            List<Box> boxes = new DetectorProposer(fake, 0.05, 0.7, 100, 0.1).propose(frame);
            assertThat(boxes).hasSize(2);
            assertThat(boxes.get(0)).isEqualTo(new Box(2, 5, 120, 60));
            assertThat(boxes.get(1).right()).isEqualTo(200);
            assertThat(new DetectorProposer(fake, 0.05, 0.7, 1, 0).propose(frame)).containsExactly(new Box(12, 10, 100, 50));
        } finally {
            frame.release();
        }
        assertThatThrownBy(() -> new DetectorProposer(fake, 0.05, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Box truth(String photo, int width, int height) throws Exception {
        BoxCsv.Parsed parsed = BoxCsv.parse(Files.readString(PHOTOS.resolve("boxes.csv")));
        return parsed.boxes().stream().filter(a -> a.path().equals(photo)).findFirst().orElseThrow().inPixels(width, height);
    }
}
