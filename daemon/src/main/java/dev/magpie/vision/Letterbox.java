package dev.magpie.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * YOLOX's {@code preproc}: scale by r = min(S/h, S/w) (bilinear), paste at the top-left of an S×S canvas of 114, and
 * write BGR as raw 0-255 floats in NCHW. Keeps its Mats between calls; not thread-safe: one per inference thread.
 */
public final class Letterbox implements AutoCloseable {

    public static final int PAD_VALUE = 114;

    private final int size;
    private final Mat canvas;
    private final byte[] pixels;

    public Letterbox(int size) {
        this.size = size;
        this.canvas = new Mat(size, size, CvType.CV_8UC3);
        this.pixels = new byte[size * size * 3];
    }

    public int size() {
        return size;
    }

    public int tensorLength() {
        return 3 * size * size;
    }

    /** The scale r from original pixels to network pixels for a frame of this size. */
    public double scale(int width, int height) {
        return Math.min((double) size / height, (double) size / width);
    }

    /** Writes the tensor for {@code bgr} into {@code out} ({@link #tensorLength()} floats); returns the scale r. */
    public double toTensor(Mat bgr, float[] out) {
        double r = scale(bgr.cols(), bgr.rows());
        int width = Math.max(1, Math.min(size, (int) Math.round(bgr.cols() * r)));
        int height = Math.max(1, Math.min(size, (int) Math.round(bgr.rows() * r)));
        canvas.setTo(new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE));
        Mat target = canvas.submat(new Rect(0, 0, width, height));
        try {
            Imgproc.resize(bgr, target, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
        } finally {
            target.release();
        }
        canvas.get(0, 0, pixels);
        int plane = size * size;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[i] = pixels[p] & 0xFF;
            out[plane + i] = pixels[p + 1] & 0xFF;
            out[2 * plane + i] = pixels[p + 2] & 0xFF;
        }
        return r;
    }

    @Override
    public void close() {
        canvas.release();
    }
}
