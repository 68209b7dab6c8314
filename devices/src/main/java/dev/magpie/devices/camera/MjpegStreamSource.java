package dev.magpie.devices.camera;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import org.opencv.core.Mat;

/**
 * An HTTP MJPEG stream ({@code multipart/x-mixed-replace}), as served by IP cameras, ESP32-CAM, motion and
 * mjpg-streamer. Parts are framed by the multipart boundary and Content-Length where present, else by JPEG structure;
 * a body that is not multipart is read as concatenated JPEGs. Frames over the cap and frames that do not decode are
 * skipped and counted; a run of them, a closed connection or a read timeout is an {@link IOException}.
 */
public final class MjpegStreamSource implements FrameSource {

    private final URI url;
    private final String name;
    private final HttpTimeouts timeouts;
    private final StreamLimits limits;
    private final BasicCredentials credentials;
    private final Clock clock;
    private final JpegDecoder decoder;
    private long sequence;

    // volatile: close() may come from the capture loop's closer to unblock a read on a dead connection
    private volatile HttpURLConnection connection;
    private volatile InputStream body;
    private PartReader parts;

    /**
     * @param credentials basic-auth user and password, or null when the camera has none
     */
    public MjpegStreamSource(URI url, HttpTimeouts timeouts, StreamLimits limits, BasicCredentials credentials,
                             Clock clock) {
        this.url = HttpCameras.checked(url);
        this.name = "mjpeg:" + HttpCameras.safeName(url);
        this.timeouts = require(timeouts, "timeouts");
        this.limits = require(limits, "limits");
        this.credentials = credentials;
        this.clock = require(clock, "clock");
        this.decoder = new JpegDecoder(name, limits.maxConsecutiveDecodeFailures());
    }

    /** A stream without a password, default timeouts and limits. */
    public MjpegStreamSource(URI url) {
        this(url, HttpTimeouts.DEFAULT, StreamLimits.DEFAULT, null, Clock.systemUTC());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() throws IOException {
        close();
        HttpURLConnection opened = HttpCameras.get(url, timeouts, credentials, name);
        connection = opened;
        InputStream stream = opened.getInputStream();
        body = stream;
        ByteInput input = new ByteInput(stream);
        String boundary = boundary(opened.getContentType());
        if (boundary != null) {
            MultipartMjpegReader reader = new MultipartMjpegReader(input, boundary, limits.maxFrameBytes());
            parts = reader::next;
        } else {
            JpegStreamReader reader = new JpegStreamReader(input, limits.maxFrameBytes());
            parts = () -> {
                byte[] jpeg = reader.next();
                return jpeg == null ? null : MultipartMjpegReader.Part.of(jpeg);
            };
        }
    }

    @Override
    public Frame read() throws IOException {
        if (parts == null) {
            throw new IOException(name + " is not open");
        }
        while (true) {
            MultipartMjpegReader.Part part;
            try {
                part = parts.next();
            } catch (FrameTooLargeException e) {
                decoder.reject(e.getMessage());
                throw e; // framing is lost; reconnecting is the way back to a frame boundary
            }
            if (part == null) {
                throw new IOException(name + " closed the stream");
            }
            if (part.rejected() != null) {
                decoder.reject(part.rejected());
                continue;
            }
            Mat image = decoder.decode(part.jpeg());
            if (image != null) {
                return new Frame(image, clock.instant(), ++sequence);
            }
        }
    }

    @Override
    public long decodeFailures() {
        return decoder.failures();
    }

    @Override
    public void close() {
        InputStream stream = body;
        HttpURLConnection opened = connection;
        body = null;
        connection = null;
        parts = null;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to release
            }
        }
        if (opened != null) {
            opened.disconnect();
        }
    }

    /** The boundary of a multipart content type, or null if the body is not multipart or names none. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    @FunctionalInterface
    private interface PartReader {
        MultipartMjpegReader.Part next() throws IOException;
    }
}
