package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.devices.natives.OpenCvLibrary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class SimulatedShelfTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCvLibrary.load();
    }

    @Test
    void stockedSlotLooksDifferentFromEmptySlot() {
        SimulatedShelf shelf = new SimulatedShelf(640, 480, 6);
        boolean[] stocked = {true, false, true, false, true, false};
        Mat frame = shelf.render(stocked, 1.0, new SplittableRandom(1));
        Mat full = frame.submat(shelf.slot(0));
        Mat empty = frame.submat(shelf.slot(1));
        double fullSpread = stdDev(full);
        double emptySpread = stdDev(empty);
        assertThat(fullSpread).isGreaterThan(emptySpread + 10); // boxes, bands and edges vs a plain back wall
        full.release();
        empty.release();
        frame.release();
    }

    @Test
    void sameSeedRendersTheSameFrame() {
        SimulatedShelf shelf = new SimulatedShelf(320, 240, 3);
        boolean[] stocked = {true, true, false};
        Mat a = shelf.render(stocked, 0.8, new SplittableRandom(5));
        Mat b = shelf.render(stocked, 0.8, new SplittableRandom(5));
        assertThat(Core.norm(a, b, Core.NORM_L1)).isZero();
        a.release();
        b.release();
    }

    @Test
    void wrongNumberOfSlotStatesIsRefused() {
        SimulatedShelf shelf = new SimulatedShelf(320, 240, 3);
        assertThatThrownBy(() -> shelf.render(new boolean[2], 1.0, new SplittableRandom(1)))
                .hasMessageContaining("expected 3 slot states");
    }

    private static double stdDev(Mat mat) {
        org.opencv.core.MatOfDouble mean = new org.opencv.core.MatOfDouble();
        org.opencv.core.MatOfDouble std = new org.opencv.core.MatOfDouble();
        Core.meanStdDev(mat, mean, std);
        double[] s = std.toArray();
        return (s[0] + s[1] + s[2]) / 3;
    }
}
