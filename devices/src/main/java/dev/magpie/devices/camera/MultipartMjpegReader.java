package dev.magpie.devices.camera;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the parts of a {@code multipart/x-mixed-replace} MJPEG body. A part's {@code Content-Length} is used when
 * present and sane, but not trusted: cheap cameras send wrong ones, so the bytes must still start with SOI and end
 * with EOI, else the first whole JPEG inside them is taken, else the part is rejected. Parts without a length are cut
 * by JPEG structure. Every path is bounded by the frame cap.
 */
final class MultipartMjpegReader {

    /** A part: JPEG bytes, or the reason it was skipped. */
    record Part(byte[] jpeg, String rejected) {
        static Part of(byte[] jpeg) {
            return new Part(jpeg, null);
        }

        static Part rejected(String reason) {
            return new Part(null, reason);
        }
    }

    private static final int MAX_HEADER_LINE = 1024;
    private static final int MAX_HEADERS = 64;

    private final ByteInput in;
    private final String delimiter;
    private final int maxBytes;
    private final JpegStreamReader jpegs;

    MultipartMjpegReader(ByteInput in, String boundary, int maxBytes) {
        this.in = in;
        // RFC 2046 puts "--" before the boundary; some cameras already include it in the header value.
        this.delimiter = boundary.startsWith("--") ? boundary : "--" + boundary;
        this.maxBytes = maxBytes;
        this.jpegs = new JpegStreamReader(in, maxBytes);
    }

    /** The next part, or null when the stream ended (cleanly or with the closing delimiter). */
    Part next() throws IOException {
        if (!skipToDelimiter()) {
            return null;
        }
        long contentLength = -1;
        for (int i = 0; ; i++) {
            String line = in.readLine(MAX_HEADER_LINE);
            if (line == null) {
                throw new EOFException("stream ended in a part's headers");
            }
            if (line.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines in one part: not an MJPEG stream?");
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                contentLength = parseLength(line.substring(colon + 1).trim());
            }
        }
        if (contentLength < 0) {
            byte[] jpeg = jpegs.next();
            return jpeg == null ? null : Part.of(jpeg);
        }
        if (contentLength > maxBytes) {
            // Skip a declared oversize part without holding it, unless the claim is absurd.
            if (contentLength > 8L * maxBytes) {
                throw new FrameTooLargeException("a part claims " + contentLength + " bytes, over 8 × the cap of "
                        + maxBytes);
            }
            in.skipExactly(contentLength);
            return Part.rejected("part of " + contentLength + " bytes is over the cap of " + maxBytes);
        }
        return checked(in.readExactly((int) contentLength));
    }

    /** Accepts bytes that are one whole JPEG; otherwise the first whole JPEG inside them; otherwise a rejection. */
    private Part checked(byte[] bytes) throws IOException {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\r' || bytes[end - 1] == '\n')) {
            end--;
        }
        if (end >= 4 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
                && (bytes[end - 2] & 0xFF) == 0xFF && (bytes[end - 1] & 0xFF) == 0xD9) {
            return Part.of(end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end));
        }
        try {
            byte[] jpeg = new JpegStreamReader(new ByteInput(new java.io.ByteArrayInputStream(bytes)), maxBytes).next();
            if (jpeg != null) {
                return Part.of(jpeg);
            }
        } catch (EOFException e) {
            // the declared length was shorter than the image: fall through to rejection
        }
        return Part.rejected("Content-Length " + bytes.length + " does not frame a whole JPEG");
    }

    private boolean skipToDelimiter() throws IOException {
        long start = in.offset();
        while (true) {
            String line = in.readLine(delimiter.length() + 8);
            if (line == null) {
                return false;
            }
            String trimmed = line.trim();
            if (trimmed.equals(delimiter)) {
                return true;
            }
            if (trimmed.equals(delimiter + "--")) {
                return false;
            }
            if (in.offset() - start > maxBytes) {
                throw new FrameTooLargeException("no multipart boundary '" + delimiter + "' in " + maxBytes + " bytes");
            }
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "' in an MJPEG part");
        }
    }
}
