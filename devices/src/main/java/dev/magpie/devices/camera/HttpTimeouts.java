package dev.magpie.devices.camera;

import java.time.Duration;

/**
 * Connect and per-read timeouts for HTTP cameras. The read timeout bounds each blocking read, so a camera that stops
 * sending without closing the connection is noticed and reconnected.
 */
public record HttpTimeouts(Duration connect, Duration read) {

    public static final HttpTimeouts DEFAULT = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    public HttpTimeouts {
        requirePositive("connect", connect);
        requirePositive("read", read);
    }

    int connectMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connect.toMillis());
    }

    int readMillis() {
        return (int) Math.min(Integer.MAX_VALUE, read.toMillis());
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(what + " timeout must be at least 1 ms, was " + value);
        }
    }
}
