package dev.magpie.devices.camera;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An unsynchronised read buffer over a camera's byte stream with the few operations the MJPEG and JPEG parsers need.
 * {@code BufferedInputStream.read()} locks per byte, which costs real time at 30 fps on a Pi; this does not.
 * Single-threaded.
 */
final class ByteInput {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long filled;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** The next byte (0-255), or -1 at the end of the stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    /** The next byte; the end of the stream here means a frame was cut off. */
    int require() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("stream ended in the middle of a frame");
        }
        return b;
    }

    /**
     * Reads a line ending in LF (a trailing CR is dropped) as ISO-8859-1; null at the end of the stream. A line longer
     * than {@code maxChars} is consumed whole but returned cut, so binary data scanned as lines costs no memory.
     */
    String readLine(int maxChars) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? strip(line) : null;
            }
            any = true;
            int b = buffer[position++] & 0xFF;
            if (b == '\n') {
                return strip(line);
            }
            if (line.length() < maxChars) {
                line.append((char) b);
            }
        }
    }

    /** Reads exactly {@code length} bytes. */
    byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            if (position == limit && !fill()) {
                throw new EOFException("stream ended after " + done + " of " + length + " bytes of a frame");
            }
            int n = Math.min(length - done, limit - position);
            System.arraycopy(buffer, position, bytes, done, n);
            position += n;
            done += n;
        }
        return bytes;
    }

    /** Skips exactly {@code length} bytes without keeping them. */
    void skipExactly(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("stream ended while skipping a frame");
            }
            int n = (int) Math.min(left, limit - position);
            position += n;
            left -= n;
        }
    }

    /**
     * Copies bytes to {@code out} up to, not including, the next 0xFF byte, which stays unread. False at the end of
     * the stream. Scans the buffer in bulk: JPEG entropy data is mostly bytes other than 0xFF.
     */
    boolean copyUntilFf(GrowableBytes out) throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                return false;
            }
            int start = position;
            while (position < limit && buffer[position] != (byte) 0xFF) {
                position++;
            }
            out.append(buffer, start, position - start);
            if (position < limit) {
                return true;
            }
        }
    }

    /** Bytes consumed so far: lets scans bound how far they read, not just how much they keep. */
    long offset() {
        return filled - (limit - position);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        filled += n;
        return true;
    }

    private static String strip(StringBuilder line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
