package dev.magpie.devices.camera;

import java.io.IOException;

/**
 * Where frames come from: a USB camera, an MJPEG stream, a snapshot URL, a child process, a folder, a simulation.
 * A source does not retry by itself; the capture loop that runs it reconnects with backoff, so every source gets
 * the same retry behaviour and health reporting.
 *
 * <p>Call order: {@link #open()}, then {@link #read()} repeatedly; after a failure, {@link #close()} and
 * {@link #open()} again. Never called from two threads at once.
 */
public interface FrameSource extends AutoCloseable {

    /** A short name for logs and health, e.g. {@code usb:/dev/video0} or {@code mjpeg:http://cam.local/stream}. */
    String name();

    /** Connects to the device or stream. Throws with a message that says what is wrong (unplugged, refused, 404). */
    void open() throws IOException;

    /**
     * Blocks until the next frame (for paced sources, until it is due) and returns it; the caller closes it.
     * Throws {@link IOException} when the source failed (disconnected, corrupt stream, process exited) and
     * {@link EndOfStreamException} when a finite source (a non-looping replay) has no more frames.
     */
    Frame read() throws IOException;

    /**
     * Frames this source skipped because they did not decode, counted across reopens; the capture loop reports it
     * in {@link SourceHealth}. Sources that cannot see undecodable frames (a V4L2 camera) keep the default.
     */
    default long decodeFailures() {
        return 0;
    }

    /**
     * Releases the device, connection or process. Idempotent. The capture loop may call it from another thread to
     * unblock a {@link #read()} stuck on a dead connection after it asked that thread to stop.
     */
    /**
     * True for a source whose frames come whether or not anyone takes them (a camera, a stream, a simulation paced
     * like a camera): the capture loop keeps only the newest. False for a recording, which the loop reads only once
     * the previous frame was taken, so no frame is decoded just to be dropped and none is skipped.
     */
    default boolean live() {
        return true;
    }

    @Override
    void close();
}
