package dev.magpie.testing;

import dev.magpie.vision.NativeLibraries;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Generated images for edge cases: encoded by OpenCV so every format's bytes are real. */
public final class TestImages {

    private TestImages() {
    }

    /** A {@code width×height} image with a red square in the top-left quarter, so orientation can be checked. */
    public static Mat marked(int width, int height) {
        NativeLibraries.loadOpenCv();
        Mat mat = new Mat(height, width, CvType.CV_8UC3, new Scalar(40, 120, 40));
        Imgproc.rectangle(mat, new Point(0, 0), new Point(width / 4.0, height / 4.0), new Scalar(0, 0, 255), -1);
        return mat;
    }

    public static byte[] encode(Mat mat, String extension) {
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(extension, mat, out, new MatOfInt())) {
                throw new IllegalStateException("OpenCV cannot encode " + extension);
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }

    public static byte[] jpeg(int width, int height) {
        Mat mat = marked(width, height);
        try {
            return encode(mat, ".jpg");
        } finally {
            mat.release();
        }
    }

    public static byte[] png(int width, int height) {
        Mat mat = marked(width, height);
        try {
            return encode(mat, ".png");
        } finally {
            mat.release();
        }
    }
}
