package dev.magpie.devices.camera;

import java.io.IOException;

/**
 * Cuts concatenated JPEGs out of a byte stream (an MJPEG body without usable multipart framing, or a child process's
 * stdout). It follows the JPEG segment structure rather than searching for the first FF D9, because an EXIF thumbnail
 * inside APP1 carries its own end marker and would cut the frame short; in entropy-coded data FF is always followed
 * by 00 (stuffing), D0-D7 (restart) or a real marker.
 *
 * <p>Bytes before a start-of-image marker are skipped, up to the frame cap, so a stream that is not JPEG at all fails
 * quickly instead of being read forever.
 */
final class JpegStreamReader {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private final ByteInput in;
    private final int maxBytes;
    private final GrowableBytes frame;

    JpegStreamReader(ByteInput in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.frame = new GrowableBytes(maxBytes);
    }

    /**
     * The next JPEG's bytes, SOI to EOI; null when the stream ends cleanly before another JPEG starts. A frame whose
     * structure breaks is returned as it is, for the decoder to reject and count.
     *
     * @throws FrameTooLargeException when a frame exceeds the cap
     * @throws java.io.EOFException when the stream ends inside a frame
     */
    byte[] next() throws IOException {
        if (!skipToStart()) {
            return null;
        }
        frame.reset();
        frame.append(0xFF);
        frame.append(SOI);
        int marker = -1;
        while (true) {
            if (marker < 0) {
                int b = in.require();
                if (b != 0xFF) {
                    frame.append(b);
                    return frame.toArray(); // not a marker where one must be: corrupt, let the decoder reject it
                }
                marker = nextMarkerCode();
            }
            frame.append(0xFF);
            frame.append(marker);
            int current = marker;
            marker = -1;
            if (current == EOI) {
                return frame.toArray();
            }
            if (current == SOI) {
                // A new image began before the old one ended: the old one was cut off. Start again from here.
                frame.reset();
                frame.append(0xFF);
                frame.append(SOI);
                continue;
            }
            if (current == 0x01 || (current >= 0xD0 && current <= 0xD7)) {
                continue; // markers without a length
            }
            int high = in.require();
            int low = in.require();
            frame.append(high);
            frame.append(low);
            int length = (high << 8) | low;
            if (length < 2) {
                return frame.toArray();
            }
            for (int i = 2; i < length; i++) {
                frame.append(in.require());
            }
            if (current == SOS) {
                marker = scanEntropyData();
            }
        }
    }

    /** Copies entropy-coded data and returns the code of the marker that ends it. */
    private int scanEntropyData() throws IOException {
        while (true) {
            if (!in.copyUntilFf(frame)) {
                in.require(); // throws: the stream ended inside the scan
            }
            in.require(); // the FF
            int code = nextMarkerCode();
            if (code == 0x00 || (code >= 0xD0 && code <= 0xD7)) {
                frame.append(0xFF);
                frame.append(code);
            } else {
                return code;
            }
        }
    }

    /** After an FF: skips fill bytes (more FFs) and returns the marker code. */
    private int nextMarkerCode() throws IOException {
        int code = in.require();
        while (code == 0xFF) {
            code = in.require();
        }
        return code;
    }

    private boolean skipToStart() throws IOException {
        long skipped = 0;
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            if (previous == 0xFF && b == SOI) {
                return true;
            }
            previous = b;
            if (++skipped > maxBytes) {
                throw new FrameTooLargeException("no JPEG start marker in " + maxBytes + " bytes: is this an MJPEG stream?");
            }
        }
    }
}
