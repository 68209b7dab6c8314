package dev.magpie.devices.camera;

/**
 * What a byte-stream source (MJPEG, snapshot, command) accepts before it gives up: the largest single frame in bytes,
 * so a hostile or broken stream cannot exhaust memory, and how many undecodable frames in a row turn from "skip and
 * count" into a failure that makes the capture loop reconnect.
 */
public record StreamLimits(int maxFrameBytes, int maxConsecutiveDecodeFailures) {

    /** 10 MiB is several times a 12 MP JPEG at high quality; 25 bad frames is about a second of a broken stream. */
    public static final StreamLimits DEFAULT = new StreamLimits(10 * 1024 * 1024, 25);

    public StreamLimits {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        if (maxConsecutiveDecodeFailures < 1) {
            throw new IllegalArgumentException(
                    "maxConsecutiveDecodeFailures must be at least 1, was " + maxConsecutiveDecodeFailures);
        }
    }
}
