package dev.magpie.app;

import dev.magpie.config.CameraConfig;
import dev.magpie.config.SecretException;
import dev.magpie.devices.camera.FrameSource;
import dev.magpie.devices.gpio.GpioBoard;
import java.util.Map;

/**
 * Where the daemon gets its devices: a frame source per configured camera and the GPIO board. The real ones by
 * default; {@code magpie demo} swaps in a simulated shelf it can score against, tests a mock-platform GPIO board.
 *
 * @param cameras opens the frame source of a camera
 * @param gpio opens the GPIO board, asked only when the {@code gpio:} section configures something
 */
public record Hardware(Cameras cameras, GpioChannel.BoardOpener gpio) {

    /** Turns a camera's configuration into its frame source. */
    @FunctionalInterface
    public interface Cameras {
        FrameSource create(CameraConfig camera) throws SecretException;
    }

    /** The devices of this machine: cameras as configured (secrets from {@code environment}), GPIO through Pi4J. */
    public static Hardware of(Map<String, String> environment) {
        return new Hardware(camera -> FrameSources.create(camera, environment), GpioBoard::open);
    }

    public Hardware withCameras(Cameras replacement) {
        return new Hardware(replacement, gpio);
    }

    public Hardware withGpio(GpioChannel.BoardOpener replacement) {
        return new Hardware(cameras, replacement);
    }
}
