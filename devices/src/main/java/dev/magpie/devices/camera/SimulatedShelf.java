package dev.magpie.devices.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * A rendered shop shelf with a row of product slots, for demos and tests on a machine with no camera. Each slot holds
 * a stack of boxes or is empty; light level and sensor noise vary per frame. It is a simulation and says so: nothing
 * here was photographed.
 */
public final class SimulatedShelf {

    private static final Scalar[] PRODUCT_COLOURS = {
        new Scalar(40, 40, 200), new Scalar(30, 160, 230), new Scalar(60, 170, 60),
        new Scalar(180, 90, 40), new Scalar(140, 60, 150), new Scalar(40, 200, 200)};

    private final int width;
    private final int height;
    private final int slots;

    public SimulatedShelf(int width, int height, int slots) {
        if (width < 64 || height < 48 || slots < 1 || slots > 12) {
            throw new IllegalArgumentException("shelf must be at least 64×48 with 1-12 slots, was "
                    + width + "×" + height + " with " + slots);
        }
        this.width = width;
        this.height = height;
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    /** The rectangle of slot {@code index} (0-based, left to right), where a zone would be drawn. */
    public Rect slot(int index) {
        int slotWidth = width / slots;
        int top = height / 5;
        return new Rect(index * slotWidth, top, slotWidth, height * 3 / 5);
    }

    /** All slot rectangles, left to right. */
    public List<Rect> slotRects() {
        List<Rect> rects = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            rects.add(slot(i));
        }
        return rects;
    }

    /**
     * Renders one BGR frame; the caller releases it.
     *
     * @param stocked which slots hold products
     * @param light brightness factor, about 0.5 (dusk) to 1.3 (bright)
     * @param random drives jitter and noise, so a seeded sequence is repeatable
     */
    public Mat render(boolean[] stocked, double light, SplittableRandom random) {
        if (stocked.length != slots) {
            throw new IllegalArgumentException("expected " + slots + " slot states, got " + stocked.length);
        }
        Mat frame = new Mat(height, width, CvType.CV_8UC3, new Scalar(170, 185, 195)); // wall
        int shelfY = slot(0).y + slot(0).height;
        Imgproc.rectangle(frame, new Point(0, shelfY), new Point(width, shelfY + height / 20.0), new Scalar(60, 90, 120), -1);
        Imgproc.rectangle(frame, new Point(0, slot(0).y - height / 30.0), new Point(width, slot(0).y), new Scalar(60, 90, 120), -1);
        for (int i = 0; i < slots; i++) {
            Rect r = slot(i);
            Imgproc.rectangle(frame, r.tl(), r.br(), new Scalar(120, 130, 140), -1); // shelf back, darker than the wall
            if (stocked[i]) {
                drawProducts(frame, r, PRODUCT_COLOURS[i % PRODUCT_COLOURS.length], random);
            } else {
                // An empty slot shows a price tag and a shadow line: real empty shelves are rarely blank.
                Imgproc.rectangle(frame, new Point(r.x + r.width * 0.35, r.y + r.height - 14),
                        new Point(r.x + r.width * 0.65, r.y + r.height - 4), new Scalar(240, 240, 240), -1);
                Imgproc.line(frame, new Point(r.x, r.y + 6), new Point(r.x + r.width, r.y + 6), new Scalar(90, 95, 100), 3);
            }
        }
        frame.convertTo(frame, -1, light, random.nextInt(-10, 11));
        addSensorNoise(frame, 6 + random.nextInt(6), random);
        return frame;
    }

    /** Gaussian noise from our own seeded generator: OpenCV's randn draws from a global RNG no caller can seed safely. */
    private static void addSensorNoise(Mat frame, double sigma, SplittableRandom random) {
        byte[] pixels = new byte[(int) frame.total() * frame.channels()];
        frame.get(0, 0, pixels);
        for (int i = 0; i < pixels.length; i++) {
            int value = (pixels[i] & 0xFF) + (int) Math.round(random.nextGaussian() * sigma);
            pixels[i] = (byte) Math.max(0, Math.min(255, value));
        }
        frame.put(0, 0, pixels);
    }

    private static void drawProducts(Mat frame, Rect slot, Scalar colour, SplittableRandom random) {
        int columns = 2 + random.nextInt(2);
        int boxWidth = slot.width / columns - 4;
        for (int c = 0; c < columns; c++) {
            int boxHeight = (int) (slot.height * (0.55 + 0.35 * random.nextDouble()));
            int x = slot.x + 2 + c * (boxWidth + 4);
            int y = slot.y + slot.height - boxHeight;
            Imgproc.rectangle(frame, new Point(x, y), new Point(x + boxWidth, slot.y + slot.height), colour, -1);
            Imgproc.rectangle(frame, new Point(x + 3, y + boxHeight / 4.0), new Point(x + boxWidth - 3, y + boxHeight / 2.0),
                    new Scalar(245, 245, 245), -1); // the product's label band
            Imgproc.rectangle(frame, new Point(x, y), new Point(x + boxWidth, slot.y + slot.height), new Scalar(20, 20, 20), 1);
        }
    }
}
