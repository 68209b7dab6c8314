package dev.magpie.cli;

import dev.magpie.vision.NativeLibraries;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A camera-sized frame of shapes and sensor noise, for timing on a board with no camera and no photos. Its content
 * does not matter to the timings; its size and JPEG entropy roughly match a webcam frame.
 */
final class SyntheticFrame {

    private SyntheticFrame() {
    }

    static Mat render(int width, int height, long seed) {
        NativeLibraries.loadOpenCv();
        SplittableRandom random = new SplittableRandom(seed);
        Mat frame = new Mat(height, width, CvType.CV_8UC3, new Scalar(90, 110, 130));
        for (int i = 0; i < 12; i++) {
            Point a = new Point(random.nextInt(width), random.nextInt(height));
            Point b = new Point(random.nextInt(width), random.nextInt(height));
            Scalar colour = new Scalar(random.nextInt(256), random.nextInt(256), random.nextInt(256));
            Imgproc.rectangle(frame, a, b, colour, -1);
        }
        Mat noise = new Mat(height, width, CvType.CV_8UC3);
        Core.randn(noise, 0, 12);
        Core.add(frame, noise, frame);
        noise.release();
        return frame;
    }

    static byte[] jpeg(Mat frame) {
        return encode(frame, ".jpg");
    }

    static byte[] png(Mat frame) {
        return encode(frame, ".png");
    }

    private static byte[] encode(Mat frame, String extension) {
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(extension, frame, out)) {
                throw new IllegalStateException("OpenCV could not encode a " + extension + " frame");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }
}
