package dev.magpie.app;

import dev.magpie.config.CameraConfig;
import dev.magpie.config.SecretException;
import dev.magpie.config.SourceConfig;
import dev.magpie.devices.camera.BasicCredentials;
import dev.magpie.devices.camera.CommandSource;
import dev.magpie.devices.camera.FrameSource;
import dev.magpie.devices.camera.HttpTimeouts;
import dev.magpie.devices.camera.MjpegStreamSource;
import dev.magpie.devices.camera.ReplaySource;
import dev.magpie.devices.camera.ShelfScenario;
import dev.magpie.devices.camera.SimulatedShelf;
import dev.magpie.devices.camera.SimulatedShelfSource;
import dev.magpie.devices.camera.SnapshotUrlSource;
import dev.magpie.devices.camera.StreamLimits;
import dev.magpie.devices.camera.UsbCameraSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Turns a camera's configuration into the frame source that reads it. */
final class FrameSources {

    private FrameSources() {
    }

    static FrameSource create(CameraConfig camera, Map<String, String> environment) throws SecretException {
        SourceConfig source = camera.source();
        return switch (source.kind()) {
            case USB -> new UsbCameraSource(source.usb(), camera.width(), camera.height(), camera.fps());
            case MJPEG -> new MjpegStreamSource(URI.create(source.mjpeg()), HttpTimeouts.DEFAULT, StreamLimits.DEFAULT,
                    credentials(camera, environment), Clock.systemUTC());
            case SNAPSHOT -> new SnapshotUrlSource(URI.create(source.snapshot()), Duration.ofMillis(source.intervalMs() != null ? source.intervalMs() : 1000),
                    credentials(camera, environment));
            case COMMAND -> new CommandSource(camera.name(), source.command());
            case REPLAY -> new ReplaySource(Path.of(source.replay()),
                    source.fps() != null ? source.fps() : camera.fps(), source.loop() == null || source.loop());
            case SIMULATED -> new SimulatedShelfSource(new SimulatedShelf(camera.width(), camera.height(), 6),
                    ShelfScenario.DEFAULT, 1L);
        };
    }

    private static BasicCredentials credentials(CameraConfig camera, Map<String, String> environment) throws SecretException {
        if (camera.username() == null) {
            return null;
        }
        String password = camera.password() == null ? "" : camera.password().resolveString(environment);
        return new BasicCredentials(camera.username(), password);
    }
}
