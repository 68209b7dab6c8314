package dev.magpie.devices.camera;

import java.io.IOException;

/** A finite source (a replay without looping) has delivered its last frame. Not an error: nothing to reconnect. */
public final class EndOfStreamException extends IOException {
    public EndOfStreamException(String message) {
        super(message);
    }
}
