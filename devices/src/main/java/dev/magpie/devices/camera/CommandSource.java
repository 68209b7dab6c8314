package dev.magpie.devices.camera;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process that writes concatenated JPEGs (MJPEG) to stdout: {@code rpicam-vid -t 0 --codec mjpeg -o -} for a
 * Pi camera, {@code ffmpeg -rtsp_transport tcp -i rtsp://… -f mjpeg -} for an RTSP camera (this OpenCV build has no
 * FFMPEG, so RTSP goes through a process). Its stderr is logged on a named thread. The process ending, whatever its
 * exit code, is an {@link IOException} carrying its last stderr lines: a camera command is meant to run forever, and
 * the capture loop restarts it. {@link #close()} stops the whole process tree, so an {@code sh -c} wrapper leaves no
 * orphan holding the camera.
 */
public final class CommandSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(CommandSource.class);
    private static final long EXIT_WAIT_MILLIS = 2000;

    private final String name;
    private final List<String> command;
    private final StreamLimits limits;
    private final Clock clock;
    private final JpegDecoder decoder;
    private long sequence;

    private volatile Process process;
    private StderrTail stderr;
    private JpegStreamReader jpegs;

    /**
     * @param name a short name for logs and the thread names, e.g. {@code rpicam}
     * @param command the program and its arguments, run without a shell unless it is {@code sh -c …}
     */
    public CommandSource(String name, List<String> command, StreamLimits limits, Clock clock) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("command source name must be 1-32 of [A-Za-z0-9_.-], was " + name);
        }
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("command must name a program");
        }
        if (limits == null || clock == null) {
            throw new IllegalArgumentException("limits and clock are required");
        }
        this.name = name;
        this.command = List.copyOf(command);
        this.limits = limits;
        this.clock = clock;
        this.decoder = new JpegDecoder("command:" + name, limits.maxConsecutiveDecodeFailures());
    }

    public CommandSource(String name, List<String> command) {
        this(name, command, StreamLimits.DEFAULT, Clock.systemUTC());
    }

    @Override
    public String name() {
        return "command:" + name;
    }

    @Override
    public void open() throws IOException {
        close();
        Process started;
        try {
            started = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.get(0) + " for " + name() + ": " + e.getMessage()
                    + " (is it installed and on PATH?)", e);
        }
        started.getOutputStream().close(); // a camera command reads nothing; EOF on stdin rather than a hang
        process = started;
        stderr = new StderrTail(name, started.getErrorStream());
        jpegs = new JpegStreamReader(new ByteInput(started.getInputStream()), limits.maxFrameBytes());
        log.info("{}: started pid {}: {}", name(), started.pid(), String.join(" ", command));
    }

    @Override
    public Frame read() throws IOException {
        if (jpegs == null) {
            throw new IOException(name() + " is not open");
        }
        while (true) {
            byte[] jpeg;
            try {
                jpeg = jpegs.next();
            } catch (java.io.EOFException e) {
                jpeg = null;
            }
            if (jpeg == null) {
                throw exited();
            }
            Mat image = decoder.decode(jpeg);
            if (image != null) {
                return new Frame(image, clock.instant(), ++sequence);
            }
        }
    }

    /** Stdout ended: wait briefly for the exit code and the last stderr lines, then describe the end. */
    private IOException exited() {
        Process ended = process;
        String code = "unknown";
        try {
            if (ended != null && ended.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                code = String.valueOf(ended.exitValue());
            } else {
                code = "none: it closed stdout but is still running";
            }
            if (stderr != null) {
                stderr.awaitEnd(EXIT_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> lines = stderr == null ? List.of() : stderr.lastLines();
        return new IOException(name() + " exited (code " + code + ")"
                + (lines.isEmpty() ? " with nothing on stderr" : ": " + String.join(" | ", lines)));
    }

    @Override
    public long decodeFailures() {
        return decoder.failures();
    }

    /** Stops the process and its descendants: SIGTERM first so a camera is released cleanly, then SIGKILL. */
    @Override
    public void close() {
        Process running = process;
        process = null;
        jpegs = null;
        if (running != null) {
            // Collect descendants before the parent dies: orphans are re-parented and can no longer be found.
            List<ProcessHandle> tree = running.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            running.destroy();
            try {
                if (!running.waitFor(1, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            closeQuietly(running.getInputStream());
        }
        if (stderr != null) {
            stderr.close();
            stderr = null;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the process is gone; nothing to release
        }
    }
}
