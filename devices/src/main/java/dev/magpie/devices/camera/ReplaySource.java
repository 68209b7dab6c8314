package dev.magpie.devices.camera;

import dev.magpie.devices.natives.OpenCvLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Replays an image file or a folder of images in file-name order at a set rate, once or looping: for testing zones
 * and rules on recorded footage, and for demos. Video files are not supported: this OpenCV build has no FFMPEG, so a
 * video must first become a folder of frames ({@code ffmpeg -i clip.mp4 frames/%06d.jpg}). Files that do not decode
 * are skipped and counted.
 */
public final class ReplaySource implements FrameSource {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "ppm", "pgm");

    private final Path path;
    private final long intervalNanos;
    private final boolean loop;
    private final Pacer pacer;
    private final Clock clock;
    private long decodeFailures;
    private long sequence;
    private List<Path> files;
    private int next;
    private long nextDueNanos;

    public ReplaySource(Path path, double fps, boolean loop, Pacer pacer, Clock clock) {
        OpenCvLibrary.load();
        if (path == null) {
            throw new IllegalArgumentException("replay path is required");
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("replay fps must be in (0, 1000], was " + fps);
        }
        if (pacer == null || clock == null) {
            throw new IllegalArgumentException("pacer and clock are required");
        }
        this.path = path;
        this.intervalNanos = Math.round(1e9 / fps);
        this.loop = loop;
        this.pacer = pacer;
        this.clock = clock;
    }

    public ReplaySource(Path path, double fps, boolean loop) {
        this(path, fps, loop, Pacer.system(), Clock.systemUTC());
    }

    @Override
    public String name() {
        return "replay:" + path.getFileName();
    }

    @Override
    public void open() throws IOException {
        files = list(path);
        next = 0;
        nextDueNanos = pacer.nanoTime();
    }

    static List<Path> list(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> images;
            try (Stream<Path> entries = Files.list(path)) {
                images = entries.filter(Files::isRegularFile).filter(ReplaySource::isImage).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new IOException("no images in " + path + " (looked for " + IMAGE_EXTENSIONS + ")");
            }
            return images;
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("no file or folder at " + path);
        }
        if (!isImage(path)) {
            throw new IOException(path + " is not an image; videos need FFMPEG, which this OpenCV build lacks:"
                    + " convert it to a folder of frames (ffmpeg -i " + path.getFileName() + " frames/%06d.jpg)");
        }
        return List.of(path);
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A recording: it waits for the pipeline rather than dropping frames it would have to decode first. */
    @Override
    public boolean live() {
        return false;
    }

    @Override
    public Frame read() throws IOException {
        if (files == null) {
            throw new IOException(name() + " is not open");
        }
        int failedInARow = 0;
        while (true) {
            if (next == files.size()) {
                if (!loop) {
                    throw new EndOfStreamException(name() + ": replayed all " + files.size() + " images");
                }
                next = 0;
            }
            Path file = files.get(next++);
            Mat image = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
                image.release();
                decodeFailures++;
                if (++failedInARow >= files.size()) {
                    throw new IOException("none of the " + files.size() + " files in " + path + " decode");
                }
                continue;
            }
            awaitTurn();
            return new Frame(image, clock.instant(), ++sequence);
        }
    }

    /** Waits for this frame's slot in the schedule; after a stall, restarts the schedule rather than bursting. */
    private void awaitTurn() throws IOException {
        try {
            pacer.sleepUntil(nextDueNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while pacing " + name());
        }
        long now = pacer.nanoTime();
        nextDueNanos = now - nextDueNanos > intervalNanos ? now + intervalNanos : nextDueNanos + intervalNanos;
    }

    @Override
    public long decodeFailures() {
        return decodeFailures;
    }

    @Override
    public void close() {
        files = null;
    }
}
