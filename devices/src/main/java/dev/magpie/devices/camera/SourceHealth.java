package dev.magpie.devices.camera;

import java.time.Instant;

/**
 * A snapshot of how a camera is doing, for the web page, MQTT and logs.
 *
 * @param source the source's {@link FrameSource#name()}
 * @param state what the capture loop is doing now
 * @param lastFrameAt when the newest frame was captured; null before the first
 * @param frames frames delivered since the loop started
 * @param decodeFailures frames the source skipped because they did not decode
 * @param droppedFrames frames replaced in the latest-frame slot before a consumer took them
 * @param reconnects reconnect attempts after a failure
 * @param lastError the message of the latest failure; null if none yet
 */
public record SourceHealth(String source, State state, Instant lastFrameAt, long frames, long decodeFailures,
                           long droppedFrames, long reconnects, String lastError) {

    public enum State {
        /** Opening the source for the first time. */
        CONNECTING,
        /** Frames are arriving. */
        STREAMING,
        /** The source failed; the loop is closing, waiting and reopening it. */
        RECONNECTING,
        /** A finite source (a replay without looping) delivered its last frame. */
        ENDED,
        /** The loop was closed. */
        STOPPED
    }
}
