package dev.magpie.testing;

import dev.magpie.vision.NativeLibraries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
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

    /** A small 64×48 image that differs for every seed, encoded as {@code ext} ("jpg", "png", ...). */
    public static byte[] generated(int seed, String ext) {
        NativeLibraries.loadOpenCv();
        Mat mat = new Mat(48, 64, CvType.CV_8UC3, new Scalar(seed * 37 % 256, seed * 91 % 256, seed * 13 % 256));
        try {
            Imgproc.circle(mat, new Point(10 + seed % 40, 24), 6 + seed % 7, new Scalar(255, 255 - seed % 256, 0), -1);
            return encode(mat, "." + ext);
        } finally {
            mat.release();
        }
    }

    /** {@link #generated} as a JPEG. */
    public static byte[] jpeg(int seed) {
        return generated(seed, "jpg");
    }

    /** The first {@code n} JPEG files (by name) of one label folder of a shared dataset, read in place. */
    public static List<Path> realImages(String dataset, String label, int n) {
        try (Stream<Path> files = Files.list(SharedFiles.datasets().resolve(dataset).resolve(label))) {
            return files.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().limit(n).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
