package dev.magpie.devices.camera;

import dev.magpie.devices.natives.OpenCvLibrary;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** Real JPEGs made with OpenCV, for feeding the byte-stream sources. */
final class TestJpegs {

    private TestJpegs() {
    }

    static void load() {
        OpenCvLibrary.load();
    }

    /** A {@code width}×{@code height} JPEG of one grey level, so a test can tell frames apart by brightness. */
    static byte[] jpeg(int width, int height, int grey) {
        load();
        Mat image = new Mat(height, width, CvType.CV_8UC3, new Scalar(grey, grey, grey));
        MatOfByte encoded = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", image, encoded);
            return encoded.toArray();
        } finally {
            encoded.release();
            image.release();
        }
    }

    /** The mean grey level of a frame, to match it to the JPEG it came from. */
    static int grey(Frame frame) {
        return (int) Math.round(org.opencv.core.Core.mean(frame.bgr()).val[0]);
    }
}
