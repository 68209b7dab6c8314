package dev.magpie.detect;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * Cuts boxes out of frames as the head sees them: a padded square around the box centre (side = the longer box side),
 * so the backbone's centre crop keeps the whole object. The part of the square outside the frame is filled by
 * replicating the border. Training crops and run-time crops are cut the same way.
 */
public final class Crops {

    private Crops() {
    }

    /** A new Mat (the caller releases it) holding the padded square around {@code box}. */
    public static Mat paddedSquare(Mat frame, Box box) {
        double side = Math.max(1, Math.max(box.width(), box.height()));
        int left = (int) Math.round(box.centreX() - side / 2);
        int top = (int) Math.round(box.centreY() - side / 2);
        int size = (int) Math.round(side);
        return cutWithBorder(frame, left, top, size, size);
    }

    /** A new Mat with exactly the box's pixels (clipped to the frame); at least 1×1. */
    public static Mat exact(Mat frame, Box box) {
        return cutWithBorder(frame, (int) Math.round(box.x()), (int) Math.round(box.y()),
                Math.max(1, (int) Math.round(box.width())), Math.max(1, (int) Math.round(box.height())));
    }

    private static Mat cutWithBorder(Mat frame, int left, int top, int width, int height) {
        int x0 = Math.max(0, Math.min(frame.cols() - 1, left));
        int y0 = Math.max(0, Math.min(frame.rows() - 1, top));
        int x1 = Math.max(x0 + 1, Math.min(frame.cols(), left + width));
        int y1 = Math.max(y0 + 1, Math.min(frame.rows(), top + height));
        Mat inside = frame.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
        Mat out = new Mat();
        int padTop = Math.max(0, y0 - top);
        int padLeft = Math.max(0, x0 - left);
        int padBottom = Math.max(0, height - padTop - (y1 - y0));
        int padRight = Math.max(0, width - padLeft - (x1 - x0));
        if (padTop + padLeft + padBottom + padRight == 0) {
            inside.copyTo(out);
        } else {
            Core.copyMakeBorder(inside, out, padTop, padBottom, padLeft, padRight, Core.BORDER_REPLICATE, new Scalar(0, 0, 0));
        }
        inside.release();
        return out;
    }
}
