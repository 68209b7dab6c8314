package dev.magpie.detect;

/**
 * An axis-aligned box in pixels: left, top, width, height (Custom Vision's order). Coordinates are doubles so relative
 * boxes scale without rounding; {@link #clippedTo} and {@link Crops} round when pixels are cut.
 */
public record Box(double x, double y, double width, double height) {

    public Box {
        if (!(width >= 0) || !(height >= 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a box needs finite coordinates and a size >= 0, got " + x + "," + y + " "
                    + width + "x" + height);
        }
    }

    /** A box from Custom Vision's relative left/top/width/height on an image of the given size. */
    public static Box fromRelative(double left, double top, double width, double height, int imageWidth, int imageHeight) {
        return new Box(left * imageWidth, top * imageHeight, width * imageWidth, height * imageHeight);
    }

    /** A box from two corners (AutoML's x_min,y_min,x_max,y_max). */
    public static Box fromCorners(double xMin, double yMin, double xMax, double yMax) {
        return new Box(Math.min(xMin, xMax), Math.min(yMin, yMax), Math.abs(xMax - xMin), Math.abs(yMax - yMin));
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    public double intersectionArea(Box other) {
        double w = Math.min(right(), other.right()) - Math.max(x, other.x);
        double h = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union, 0 when either box is empty. */
    public double iou(Box other) {
        double intersection = intersectionArea(other);
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** This box cut to an image of the given size; may be empty when the box lies outside it. */
    public Box clippedTo(int imageWidth, int imageHeight) {
        double left = Math.max(0, Math.min(imageWidth, x));
        double top = Math.max(0, Math.min(imageHeight, y));
        double r = Math.max(left, Math.min(imageWidth, right()));
        double b = Math.max(top, Math.min(imageHeight, bottom()));
        return new Box(left, top, r - left, b - top);
    }

    /** This box relative to an image of the given size (each coordinate divided by the image side). */
    public Box relativeTo(int imageWidth, int imageHeight) {
        return new Box(x / imageWidth, y / imageHeight, width / imageWidth, height / imageHeight);
    }
}
