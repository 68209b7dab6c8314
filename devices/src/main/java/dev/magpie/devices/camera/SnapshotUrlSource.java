package dev.magpie.devices.camera;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.opencv.core.Mat;

/**
 * A camera's still-image URL (e.g. {@code http://cam/snapshot.jpg}), fetched at a fixed interval. For cameras that
 * have no stream, or to spare a Wi-Fi link. The first fetch is immediate; a slow fetch does not cause a burst after.
 * A non-200 answer or a body over the cap is an {@link IOException}; an image that does not decode is skipped and
 * counted, and the next one fetched after the interval.
 */
public final class SnapshotUrlSource implements FrameSource {

    private final URI url;
    private final String name;
    private final long intervalNanos;
    private final BasicCredentials credentials;
    private final HttpTimeouts timeouts;
    private final StreamLimits limits;
    private final Pacer pacer;
    private final Clock clock;
    private final JpegDecoder decoder;
    private long sequence;
    private long nextDueNanos;
    private boolean opened;
    private volatile HttpURLConnection inFlight;

    /**
     * @param credentials basic-auth user and password, or null when the camera has none
     */
    public SnapshotUrlSource(URI url, Duration interval, BasicCredentials credentials, HttpTimeouts timeouts,
                             StreamLimits limits, Pacer pacer, Clock clock) {
        this.url = HttpCameras.checked(url);
        this.name = "snapshot:" + HttpCameras.safeName(url);
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("snapshot interval must be positive, was " + interval);
        }
        if (timeouts == null || limits == null || pacer == null || clock == null) {
            throw new IllegalArgumentException("timeouts, limits, pacer and clock are required");
        }
        this.intervalNanos = interval.toNanos();
        this.credentials = credentials;
        this.timeouts = timeouts;
        this.limits = limits;
        this.pacer = pacer;
        this.clock = clock;
        this.decoder = new JpegDecoder(name, limits.maxConsecutiveDecodeFailures());
    }

    /** Real time, default timeouts and limits. */
    public SnapshotUrlSource(URI url, Duration interval, BasicCredentials credentials) {
        this(url, interval, credentials, HttpTimeouts.DEFAULT, StreamLimits.DEFAULT, Pacer.system(),
                Clock.systemUTC());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        // Nothing to hold open between fetches; keep the schedule so a reconnect still waits out the interval.
        opened = true;
    }

    @Override
    public Frame read() throws IOException {
        if (!opened) {
            throw new IOException(name + " is not open");
        }
        while (true) {
            waitForTurn();
            Mat image = decoder.decode(fetch());
            if (image != null) {
                return new Frame(image, clock.instant(), ++sequence);
            }
        }
    }

    private void waitForTurn() throws IOException {
        long now = pacer.nanoTime();
        if (sequence > 0 || nextDueNanos != 0) {
            try {
                pacer.sleepUntil(nextDueNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the next snapshot");
            }
            now = pacer.nanoTime();
        }
        nextDueNanos = now + intervalNanos;
    }

    private byte[] fetch() throws IOException {
        HttpURLConnection connection = HttpCameras.get(url, timeouts, credentials, name);
        inFlight = connection;
        try (InputStream body = connection.getInputStream()) {
            long declared = connection.getContentLengthLong();
            if (declared > limits.maxFrameBytes()) {
                throw new FrameTooLargeException(name + " sent " + declared + " bytes, over the cap of "
                        + limits.maxFrameBytes());
            }
            GrowableBytes bytes = new GrowableBytes(limits.maxFrameBytes());
            byte[] chunk = new byte[16 * 1024];
            for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                bytes.append(chunk, 0, n);
            }
            return bytes.toArray();
        } finally {
            inFlight = null;
            connection.disconnect();
        }
    }

    @Override
    public long decodeFailures() {
        return decoder.failures();
    }

    @Override
    public void close() {
        opened = false;
        HttpURLConnection connection = inFlight;
        if (connection != null) {
            connection.disconnect();
        }
    }
}
