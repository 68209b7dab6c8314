package dev.magpie.detect;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

/**
 * Ranks snapshot candidates: area × variance of the Laplacian of the grey crop. A blurred crop (a wing beat, out of
 * focus) has little high-frequency energy and a low Laplacian variance; among equally sharp crops the larger wins.
 */
public final class Sharpness {

    private Sharpness() {
    }

    public static double laplacianVariance(Mat bgr) {
        Mat grey = new Mat();
        Mat laplacian = new Mat();
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble stdDev = new MatOfDouble();
        try {
            if (bgr.channels() == 1) {
                bgr.copyTo(grey);
            } else {
                Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
            }
            Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
            Core.meanStdDev(laplacian, mean, stdDev);
            double sd = stdDev.toArray()[0];
            return sd * sd;
        } finally {
            grey.release();
            laplacian.release();
            mean.release();
            stdDev.release();
        }
    }

    /** The snapshot score of the crop of {@code box}: its area in pixels × the crop's Laplacian variance. */
    public static double score(Mat crop, Box box) {
        return box.area() * laplacianVariance(crop);
    }
}
