package dev.magpie.testing;

import dev.magpie.vision.NativeLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A feeder scene made from real photos: a tree photo of the shared trees dataset as a 640×480 camera frame, and the
 * same frame with the sample owl (../shared/models/samples/owl.jpg) pasted in at 320×240, right of centre.
 */
public final class OwlScene {

    public static final String SPECIES = "Burrowing Owl";
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;

    private OwlScene() {
    }

    /** Writes {@code before} bare frames, {@code with} owl frames and {@code after} bare frames as 0000.jpg, ... */
    public static Path writeFrames(Path dir, int before, int with, int after) throws IOException {
        NativeLibraries.loadOpenCv();
        Files.createDirectories(dir);
        byte[] empty = background();
        byte[] owl = withOwl();
        int n = 0;
        for (int i = 0; i < before + with + after; i++) {
            byte[] frame = i >= before && i < before + with ? owl : empty;
            Files.write(dir.resolve(String.format("%04d.jpg", n++)), frame);
        }
        return dir;
    }

    public static byte[] background() {
        NativeLibraries.loadOpenCv();
        Mat frame = frame(TestImages.realImages("azure-customvision-trees", "hemlock", 1).get(0));
        try {
            return TestImages.encode(frame, ".jpg");
        } finally {
            frame.release();
        }
    }

    public static byte[] withOwl() {
        NativeLibraries.loadOpenCv();
        Mat frame = frame(TestImages.realImages("azure-customvision-trees", "hemlock", 1).get(0));
        Mat owl = Imgcodecs.imread(SharedFiles.sample("owl.jpg").toString(), Imgcodecs.IMREAD_COLOR);
        Mat small = new Mat();
        Mat target = frame.submat(new Rect(280, 160, 320, 240));
        try {
            Imgproc.resize(owl, small, new Size(320, 240), 0, 0, Imgproc.INTER_AREA);
            small.copyTo(target);
            return TestImages.encode(frame, ".jpg");
        } finally {
            target.release();
            small.release();
            owl.release();
            frame.release();
        }
    }

    private static Mat frame(Path photo) {
        Mat image = Imgcodecs.imread(photo.toString(), Imgcodecs.IMREAD_COLOR);
        Mat frame = new Mat();
        Imgproc.resize(image, frame, new Size(WIDTH, HEIGHT), 0, 0, Imgproc.INTER_AREA);
        image.release();
        return frame;
    }
}
