package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class BoxCropsTest {

    @BeforeAll
    static void opencv() {
        NativeLibraries.loadOpenCv();
    }

    @Test
    void aCropIsASquareAroundTheBoxWithPadding() {
        Mat frame = new Mat(200, 300, CvType.CV_8UC3, new Scalar(1, 2, 3));
        Mat crop = BoxCrops.crop(frame, new Detection(14, "bird", 0.9, 100, 50, 40, 80), 0.25);
        try {
            assertThat(crop.cols()).isEqualTo(120);
            assertThat(crop.rows()).isEqualTo(120);
        } finally {
            crop.release();
            frame.release();
        }
    }

    @Test
    void aCropPastTheEdgeRepeatsTheEdgeInsteadOfStretching() {
        Mat frame = new Mat(100, 100, CvType.CV_8UC3, new Scalar(0, 0, 0));
        frame.submat(0, 100, 0, 10).setTo(new Scalar(255, 255, 255));
        Mat crop = BoxCrops.crop(frame, new Detection(14, "bird", 0.9, 0, 20, 40, 60), 0.1);
        try {
            assertThat(crop.cols()).isEqualTo(72);
            assertThat(crop.rows()).isEqualTo(72);
            assertThat(crop.get(36, 0)[0]).isEqualTo(255.0); // replicated white left edge
            assertThat(crop.get(36, 71)[0]).isEqualTo(0.0);
        } finally {
            crop.release();
            frame.release();
        }
    }
}
