package dev.magpie.vision;

import org.opencv.core.Mat;

/**
 * A decoded image as an 8-bit, 3-channel BGR {@link Mat} with EXIF orientation already applied. The holder owns the
 * native memory: close it when done.
 */
public record DecodedImage(Mat bgr, ImageFormat format) implements AutoCloseable {

    public int width() {
        return bgr.cols();
    }

    public int height() {
        return bgr.rows();
    }

    @Override
    public void close() {
        bgr.release();
    }
}
