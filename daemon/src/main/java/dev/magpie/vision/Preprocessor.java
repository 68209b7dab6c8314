package dev.magpie.vision;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * ImageNet preprocessing as the backbone's MODEL.md gives it: shorter side to 256 (bilinear), centre crop 224×224,
 * RGB, x/255, minus mean, divided by std, written as NCHW floats.
 *
 * <p>Downscaling uses {@code INTER_AREA}: the reference pipeline's PIL bilinear resize antialiases when it shrinks,
 * and OpenCV's {@code INTER_LINEAR} does not, which would alias 5 MP photos badly. Normalisation goes through one
 * 256-entry table per channel, so the per-pixel cost is a lookup. Not thread-safe: one per inference thread.
 */
public final class Preprocessor implements AutoCloseable {

    public static final int SIZE = 224;
    public static final int RESIZE_SHORTER_TO = 256;
    public static final int TENSOR_LENGTH = 3 * SIZE * SIZE;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final float[][] table = new float[3][256];
    private final byte[] pixels = new byte[TENSOR_LENGTH];
    private final Mat resized = new Mat();
    private final Mat cropped = new Mat();

    public Preprocessor() {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - MEAN[c]) / STD[c];
            }
        }
    }

    /** Writes the tensor for one BGR image into {@code out} at {@code offset} (TENSOR_LENGTH floats). */
    public void toTensor(Mat bgr, float[] out, int offset) {
        int width = bgr.cols();
        int height = bgr.rows();
        double scale = (double) RESIZE_SHORTER_TO / Math.min(width, height);
        int newWidth = Math.max(SIZE, (int) Math.round(width * scale));
        int newHeight = Math.max(SIZE, (int) Math.round(height * scale));
        int interpolation = scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
        Imgproc.resize(bgr, resized, new Size(newWidth, newHeight), 0, 0, interpolation);
        Rect crop = new Rect((newWidth - SIZE) / 2, (newHeight - SIZE) / 2, SIZE, SIZE);
        Mat centre = resized.submat(crop);
        try {
            centre.copyTo(cropped); // a submat is not continuous; the copy is
        } finally {
            centre.release();
        }
        cropped.get(0, 0, pixels);
        int plane = SIZE * SIZE;
        float[] red = table[0];
        float[] green = table[1];
        float[] blue = table[2];
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[offset + i] = red[pixels[p + 2] & 0xFF];
            out[offset + plane + i] = green[pixels[p + 1] & 0xFF];
            out[offset + 2 * plane + i] = blue[pixels[p] & 0xFF];
        }
    }

    @Override
    public void close() {
        resized.release();
        cropped.release();
    }
}
