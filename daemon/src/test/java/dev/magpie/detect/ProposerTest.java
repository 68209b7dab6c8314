package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.vision.NativeLibraries;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class ProposerTest {

    @BeforeAll
    static void openCv() {
        NativeLibraries.loadOpenCv();
    }

    @Test
    void slidingWindowsCoverTheFrameAndStayInside() {
        List<Box> windows = SlidingWindowProposer.DEFAULT.windows(816, 612);
        assertThat(windows).hasSize(324).allMatch(b -> b.x() >= 0 && b.y() >= 0 && b.right() <= 816.0001 && b.bottom() <= 612.0001);
        assertThat(windows).anyMatch(b -> Math.abs(b.right() - 816) < 1e-6 && Math.abs(b.bottom() - 612) < 1e-6);
    }

    @Test
    void motionBlobsFindWhatMovedAndNothingOnAStillFrame() {
        Mat a = new Mat(240, 320, CvType.CV_8UC3, new Scalar(90, 90, 90));
        Mat b = a.clone();
        Imgproc.rectangle(b, new Point(100, 80), new Point(160, 130), new Scalar(250, 250, 250), -1);
        try (MotionBlobProposer proposer = new MotionBlobProposer()) {
            assertThat(proposer.propose(a)).isEmpty();
            assertThat(proposer.propose(a)).isEmpty();
            List<Box> blobs = proposer.propose(b);
            Box square = new Box(100, 80, 61, 51);
            assertThat(blobs).singleElement().satisfies(box -> {
                assertThat(box.intersectionArea(square)).isEqualTo(square.area());
                assertThat(box.area()).isLessThan(3 * square.area());
            });
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void paddedSquareCropsKeepTheWholeBoxAndFillBeyondTheFrame() {
        Mat frame = new Mat(100, 200, CvType.CV_8UC3, new Scalar(1, 2, 3));
        Mat crop = Crops.paddedSquare(frame, new Box(150, 10, 50, 20));
        Mat edge = Crops.paddedSquare(frame, new Box(0, 0, 120, 40));
        try {
            assertThat(crop.cols()).isEqualTo(50);
            assertThat(crop.rows()).isEqualTo(50);
            assertThat(edge.cols()).isEqualTo(120);
            assertThat(edge.rows()).isEqualTo(120);
        } finally {
            frame.release();
            crop.release();
            edge.release();
        }
    }

    @Test
    void aSharpCropOutscoresABlurredOneOfTheSameSize() {
        Mat sharp = new Mat(100, 100, CvType.CV_8UC3, new Scalar(0, 0, 0));
        for (int x = 0; x < 100; x += 10) {
            Imgproc.line(sharp, new Point(x, 0), new Point(x, 99), new Scalar(255, 255, 255), 2);
        }
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(sharp, blurred, new org.opencv.core.Size(15, 15), 5);
        Box box = new Box(0, 0, 100, 100);
        assertThat(Sharpness.score(sharp, box)).isGreaterThan(10 * Sharpness.score(blurred, box));
        sharp.release();
        blurred.release();
    }
}
