package dev.magpie.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/** Cuts a detection out of its frame for a classifier: a square around the box, padded, edges filled by replication. */
public final class BoxCrops {

    private BoxCrops() {
    }

    /**
     * A new square Mat (the caller releases it) centred on the box, with side = longer box side × (1 + 2·padding).
     * Where the square leaves the frame, the frame's edge pixels are repeated, so the object is never stretched.
     *
     * @param padding fraction of the longer side added on each side, e.g. 0.1
     */
    public static Mat crop(Mat frame, Detection detection, double padding) {
        if (padding < 0 || padding > 2) {
            throw new IllegalArgumentException("padding must be 0-2, was " + padding);
        }
        double side = Math.max(1, Math.max(detection.width(), detection.height()) * (1 + 2 * padding));
        double cx = detection.x() + detection.width() / 2;
        double cy = detection.y() + detection.height() / 2;
        int size = (int) Math.round(side);
        int left = (int) Math.round(cx - side / 2);
        int top = (int) Math.round(cy - side / 2);
        int x0 = Math.max(0, left);
        int y0 = Math.max(0, top);
        int x1 = Math.min(frame.cols(), left + size);
        int y1 = Math.min(frame.rows(), top + size);
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("the box " + detection + " lies outside the " + frame.cols() + "×" + frame.rows() + " frame");
        }
        Mat inside = frame.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
        try {
            Mat square = new Mat();
            Core.copyMakeBorder(inside, square, y0 - top, top + size - y1, x0 - left, left + size - x1,
                    Core.BORDER_REPLICATE, new Scalar(0, 0, 0));
            return square;
        } finally {
            inside.release();
        }
    }
}
