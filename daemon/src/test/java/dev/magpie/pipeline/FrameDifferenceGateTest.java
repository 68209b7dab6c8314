package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.devices.camera.SimulatedShelf;
import dev.magpie.vision.NativeLibraries;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class FrameDifferenceGateTest {

    private final SimulatedShelf shelf = new SimulatedShelf(640, 480, 6);
    private final Instant start = Instant.parse("2026-11-22T08:00:00Z");

    FrameDifferenceGateTest() {
        NativeLibraries.loadOpenCv();
    }

    @Test
    void sensorNoiseAloneDoesNotCountAsMotion() {
        try (FrameDifferenceGate gate = new FrameDifferenceGate(0.005, 25, Duration.ofSeconds(30))) {
            boolean[] stocked = {true, true, true, true, true, true};
            assertThat(gate.shouldClassify(frame(stocked, 1), start)).isTrue(); // the first frame always passes
            assertThat(gate.shouldClassify(frame(stocked, 2), start.plusSeconds(1))).isFalse();
            assertThat(gate.shouldClassify(frame(stocked, 3), start.plusSeconds(2))).isFalse();
        }
    }

    @Test
    void aSlotEmptyingIsMotion() {
        try (FrameDifferenceGate gate = new FrameDifferenceGate(0.005, 25, Duration.ofSeconds(30))) {
            gate.shouldClassify(frame(new boolean[] {true, true, true, true, true, true}, 1), start);
            assertThat(gate.shouldClassify(frame(new boolean[] {true, true, false, true, true, true}, 2), start.plusSeconds(1)))
                    .isTrue();
        }
    }

    @Test
    void aStillSceneIsRecheckedAfterTheInterval() {
        try (FrameDifferenceGate gate = new FrameDifferenceGate(0.005, 25, Duration.ofSeconds(30))) {
            boolean[] stocked = {true, false, true, false, true, false};
            gate.shouldClassify(frame(stocked, 1), start);
            assertThat(gate.shouldClassify(frame(stocked, 2), start.plusSeconds(29))).isFalse();
            assertThat(gate.shouldClassify(frame(stocked, 3), start.plusSeconds(30))).isTrue();
        }
    }

    /** The same layout every time (seed 42), plus fresh sensor noise per frame (sigma 8, like a cheap webcam). */
    private Mat frame(boolean[] stocked, long noiseSeed) {
        Mat frame = shelf.render(stocked, 1.0, new SplittableRandom(42));
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        byte[] pixels = new byte[(int) frame.total() * 3];
        frame.get(0, 0, pixels);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, (pixels[i] & 0xFF) + (int) Math.round(noise.nextGaussian() * 8)));
        }
        frame.put(0, 0, pixels);
        return frame;
    }
}
