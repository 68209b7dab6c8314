package dev.magpie.devices.gpio;

import java.io.IOException;

/** GPIO was asked for on a machine that has none (a PC, CI, a container without {@code /dev/gpiochip*}). */
public final class GpioUnavailableException extends IOException {

    public GpioUnavailableException(String message) {
        super(message);
    }
}
