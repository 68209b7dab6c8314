package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.vision.NativeLibraries;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;

class ZoneRegionTest {

    ZoneRegionTest() {
        NativeLibraries.loadOpenCv();
    }

    @Test
    void rectangleCropsExactlyItsPixels() {
        Mat frame = new Mat(100, 200, CvType.CV_8UC3, new Scalar(0, 0, 0));
        frame.submat(10, 30, 50, 90).setTo(new Scalar(255, 255, 255));
        Mat crop = ZoneRegion.rectangle(50, 10, 40, 20).crop(frame);
        assertThat(crop.cols()).isEqualTo(40);
        assertThat(crop.rows()).isEqualTo(20);
        assertThat(crop.get(0, 0)[0]).isEqualTo(255.0);
        assertThat(crop.get(19, 39)[0]).isEqualTo(255.0);
        crop.release();
        frame.release();
    }

    @Test
    void polygonOutsideIsPaintedNeutral() {
        Mat frame = new Mat(100, 100, CvType.CV_8UC3, new Scalar(255, 255, 255));
        ZoneRegion triangle = ZoneRegion.polygon(List.of(new Point(0, 0), new Point(99, 0), new Point(0, 99)));
        Mat crop = triangle.crop(frame);
        assertThat(crop.get(5, 5)[0]).isEqualTo(255.0); // inside
        assertThat(crop.get(95, 95)[0]).isEqualTo(124.0); // outside: neutral grey
        crop.release();
        frame.release();
    }

    @Test
    void zoneLargerThanTheFrameIsClippedNotFatal() {
        Mat frame = new Mat(50, 50, CvType.CV_8UC3, new Scalar(1, 2, 3));
        ZoneRegion region = ZoneRegion.rectangle(40, 40, 30, 30);
        assertThat(region.fitsIn(50, 50)).isFalse();
        Mat crop = region.crop(frame);
        assertThat(crop.cols()).isEqualTo(10);
        crop.release();
        frame.release();
    }

    @Test
    void degenerateShapesAreRefused() {
        assertThatThrownBy(() -> ZoneRegion.rectangle(0, 0, 2, 50)).hasMessageContaining("at least 8×8");
        assertThatThrownBy(() -> ZoneRegion.polygon(List.of(new Point(0, 0), new Point(1, 1)))).hasMessageContaining("3 points");
    }
}
