package dev.magpie.vision;

/**
 * One detected object: its class and score, and its box in the original image's pixels.
 *
 * @param classIndex index into the detector's class list (COCO order for YOLOX: 14 is {@code bird})
 * @param className the class name, e.g. {@code bird}, {@code person}, {@code hot dog}
 * @param score obj × class probability, 0-1
 * @param x left edge in original pixels (may be slightly outside the image; see {@link #clippedTo})
 * @param y top edge in original pixels
 * @param width box width in pixels
 * @param height box height in pixels
 */
public record Detection(int classIndex, String className, double score, double x, double y, double width, double height) {

    /** A box relative to the image size (0-1), as Custom Vision's {@code boundingBox{left, top, width, height}}. */
    public record RelativeBox(double left, double top, double width, double height) {
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return Math.max(0, width) * Math.max(0, height);
    }

    /** The box clipped to the image, relative to its size. */
    public RelativeBox relative(int imageWidth, int imageHeight) {
        Detection c = clippedTo(imageWidth, imageHeight);
        return new RelativeBox(c.x / imageWidth, c.y / imageHeight, c.width / imageWidth, c.height / imageHeight);
    }

    /** The same detection with its box cut to {@code [0, imageWidth] × [0, imageHeight]}. */
    public Detection clippedTo(int imageWidth, int imageHeight) {
        double left = clamp(x, imageWidth);
        double top = clamp(y, imageHeight);
        double right = clamp(right(), imageWidth);
        double bottom = clamp(bottom(), imageHeight);
        return new Detection(classIndex, className, score, left, top, right - left, bottom - top);
    }

    /** Intersection over union of the two boxes; 0 when either is empty. */
    public double iou(Detection other) {
        double iw = Math.min(right(), other.right()) - Math.max(x, other.x);
        double ih = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double intersection = iw * ih;
        return intersection / (area() + other.area() - intersection);
    }

    private static double clamp(double value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
