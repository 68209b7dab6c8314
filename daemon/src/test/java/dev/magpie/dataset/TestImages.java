package dev.magpie.dataset;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** Generated images (distinct per seed) and the shared real datasets, read in place. */
final class TestImages {

    static {
        nu.pattern.OpenCV.loadLocally();
    }

    private TestImages() {
    }

    /** A small image that differs for every seed, encoded as {@code ext} ("jpg", "png", ...). */
    static byte[] generated(int seed, String ext) {
        Mat mat = new Mat(48, 64, CvType.CV_8UC3, new Scalar(seed * 37 % 256, seed * 91 % 256, seed * 13 % 256));
        MatOfByte out = new MatOfByte();
        try {
            Imgproc.circle(mat, new Point(10 + seed % 40, 24), 6 + seed % 7, new Scalar(255, 255 - seed % 256, 0), -1);
            if (!Imgcodecs.imencode("." + ext, mat, out)) {
                throw new IllegalStateException("OpenCV could not encode ." + ext);
            }
            return out.toArray();
        } finally {
            mat.release();
            out.release();
        }
    }

    static byte[] jpeg(int seed) {
        return generated(seed, "jpg");
    }

    /** {@code /work/shared/datasets}: from MAGPIE_DATASETS, else found by walking up from the working directory. */
    static Path sharedDatasets() {
        String env = System.getenv("MAGPIE_DATASETS");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets not found above " + Paths.get("").toAbsolutePath()
                + "; set MAGPIE_DATASETS");
    }

    /** The first {@code n} JPEG files (by name) of one class folder of a shared dataset. */
    static List<Path> realImages(String dataset, String label, int n) {
        try (Stream<Path> files = Files.list(sharedDatasets().resolve(dataset).resolve(label))) {
            return files.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().limit(n).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
