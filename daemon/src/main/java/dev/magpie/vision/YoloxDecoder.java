package dev.magpie.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns YOLOX's raw head output into boxes, as the model's MODEL.md gives it: rows {@code [tx, ty, tw, th, obj,
 * cls0..clsN]} for strides 8, 16, 32 in that order (row-major within each grid), cx = (tx + gx)·stride,
 * w = exp(tw)·stride, score = obj·max(cls), and the box divided by the letterbox scale r. Pure: no model, no state.
 */
public final class YoloxDecoder {

    private static final int[] STRIDES = {8, 16, 32};

    private final int inputSize;
    private final List<String> classNames;
    private final int rowLength;
    private final int rows;

    public YoloxDecoder(int inputSize, List<String> classNames) {
        this.inputSize = inputSize;
        this.classNames = List.copyOf(classNames);
        this.rowLength = 5 + classNames.size();
        int count = 0;
        for (int stride : STRIDES) {
            int grid = inputSize / stride;
            count += grid * grid;
        }
        this.rows = count;
    }

    /** Rows the head gives for this input size (3549 at 416). */
    public int rows() {
        return rows;
    }

    public int rowLength() {
        return rowLength;
    }

    /**
     * Candidates scoring at least {@code scoreThreshold}, before NMS.
     *
     * @param output the head, {@code rows() × rowLength()} floats
     * @param scale the letterbox scale r
     * @param keep which class indices to keep; null keeps all
     */
    public List<Detection> decode(float[] output, double scale, double scoreThreshold, boolean[] keep) {
        if (output.length < rows * rowLength) {
            throw new IllegalArgumentException("expected " + rows + "×" + rowLength + " outputs, got " + output.length);
        }
        List<Detection> found = new ArrayList<>();
        int row = 0;
        for (int stride : STRIDES) {
            int grid = inputSize / stride;
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++, row++) {
                    int base = row * rowLength;
                    float objectness = output[base + 4];
                    if (objectness < scoreThreshold) {
                        continue; // max(cls) ≤ 1, so the score cannot reach the threshold
                    }
                    int best = -1;
                    float bestClass = 0;
                    for (int c = 0; c < rowLength - 5; c++) {
                        float p = output[base + 5 + c];
                        if (p > bestClass && (keep == null || keep[c])) {
                            bestClass = p;
                            best = c;
                        }
                    }
                    double score = objectness * bestClass;
                    if (best < 0 || score < scoreThreshold) {
                        continue;
                    }
                    double cx = (output[base] + gx) * stride;
                    double cy = (output[base + 1] + gy) * stride;
                    double w = Math.exp(output[base + 2]) * stride;
                    double h = Math.exp(output[base + 3]) * stride;
                    found.add(new Detection(best, classNames.get(best), score,
                            (cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale));
                }
            }
        }
        return found;
    }
}
