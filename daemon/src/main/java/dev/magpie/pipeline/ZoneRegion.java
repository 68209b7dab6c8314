package dev.magpie.pipeline;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Where a zone sits on its camera's frame: a rectangle, or a polygon whose bounding box is cropped and whose outside
 * is painted mid-grey (neutral after ImageNet normalisation, so it pulls no label either way).
 */
public final class ZoneRegion {

    private static final Scalar NEUTRAL = new Scalar(124, 116, 104); // ImageNet mean in BGR

    private final Rect bounds;
    private final List<Point> polygon;

    private ZoneRegion(Rect bounds, List<Point> polygon) {
        this.bounds = bounds;
        this.polygon = polygon;
    }

    public static ZoneRegion rectangle(int x, int y, int width, int height) {
        if (x < 0 || y < 0 || width < 8 || height < 8) {
            throw new IllegalArgumentException("a zone rectangle needs x, y >= 0 and a size of at least 8×8, was "
                    + x + "," + y + " " + width + "×" + height);
        }
        return new ZoneRegion(new Rect(x, y, width, height), List.of());
    }

    public static ZoneRegion polygon(List<Point> points) {
        if (points.size() < 3) {
            throw new IllegalArgumentException("a zone polygon needs at least 3 points, had " + points.size());
        }
        MatOfPoint mat = new MatOfPoint(points.toArray(new Point[0]));
        Rect bounds = Imgproc.boundingRect(mat);
        mat.release();
        return new ZoneRegion(bounds, List.copyOf(points));
    }

    public Rect bounds() {
        return bounds;
    }

    /** True when the zone lies fully inside a frame of this size; checked when a camera delivers its first frame. */
    public boolean fitsIn(int frameWidth, int frameHeight) {
        return bounds.x + bounds.width <= frameWidth && bounds.y + bounds.height <= frameHeight;
    }

    /** A new Mat with the zone's pixels (the caller releases it). */
    public Mat crop(Mat frame) {
        Rect clipped = clip(frame);
        Mat view = frame.submat(clipped);
        Mat crop = new Mat();
        view.copyTo(crop);
        view.release();
        if (!polygon.isEmpty()) {
            Mat mask = new Mat(crop.rows(), crop.cols(), CvType.CV_8UC1, new Scalar(0));
            Point[] shifted = new Point[polygon.size()];
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] = new Point(polygon.get(i).x - clipped.x, polygon.get(i).y - clipped.y);
            }
            MatOfPoint outline = new MatOfPoint(shifted);
            Imgproc.fillPoly(mask, List.of(outline), new Scalar(255));
            Core.bitwise_not(mask, mask);
            crop.setTo(NEUTRAL, mask);
            outline.release();
            mask.release();
        }
        return crop;
    }

    private Rect clip(Mat frame) {
        int x = Math.min(bounds.x, frame.cols() - 1);
        int y = Math.min(bounds.y, frame.rows() - 1);
        int width = Math.max(1, Math.min(bounds.width, frame.cols() - x));
        int height = Math.max(1, Math.min(bounds.height, frame.rows() - y));
        return new Rect(x, y, width, height);
    }
}
