package dev.magpie.devices.camera;

import java.io.IOException;

/** A frame in a byte stream is larger than {@link StreamLimits#maxFrameBytes()}: broken or hostile input. */
final class FrameTooLargeException extends IOException {
    FrameTooLargeException(String message) {
        super(message);
    }
}
