package dev.magpie.devices.camera;

import dev.magpie.devices.natives.OpenCvLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A USB (UVC) camera through V4L2, via OpenCV's {@code VideoCapture}. Asks for MJPEG at the given size and rate,
 * since most USB cameras only reach their full rate in MJPEG; the driver may pick the nearest mode it has, and the
 * mode it picked is logged.
 */
public final class UsbCameraSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(UsbCameraSource.class);

    private final Path device;
    private final int width;
    private final int height;
    private final int fps;
    private final Clock clock;
    private long sequence;
    private volatile VideoCapture capture;

    /**
     * @param device a device path such as {@code /dev/video0}, or its index such as {@code 0}
     */
    public UsbCameraSource(String device, int width, int height, int fps, Clock clock) {
        OpenCvLibrary.load();
        this.device = devicePath(device);
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("camera size must be 16-8192 on each side, was " + width + "×" + height);
        }
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("camera fps must be 1-240, was " + fps);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.clock = clock;
    }

    public UsbCameraSource(String device, int width, int height, int fps) {
        this(device, width, height, fps, Clock.systemUTC());
    }

    private static Path devicePath(String device) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("camera device must be a path like /dev/video0 or an index like 0");
        }
        if (device.matches("\\d{1,3}")) {
            return Path.of("/dev/video" + device);
        }
        return Path.of(device);
    }

    @Override
    public String name() {
        return "usb:" + device;
    }

    @Override
    public void open() throws IOException {
        close();
        if (!Files.exists(device)) {
            throw new IOException("no camera at " + device + ": is it plugged in? (ls /dev/video*)");
        }
        VideoCapture opened = new VideoCapture(device.toString(), Videoio.CAP_V4L2);
        if (!opened.isOpened()) {
            opened.release();
            throw new IOException("cannot open camera " + device + ": in use by another program, or no permission"
                    + " (is the user in the 'video' group?)");
        }
        opened.set(Videoio.CAP_PROP_FOURCC, VideoWriter.fourcc('M', 'J', 'P', 'G'));
        opened.set(Videoio.CAP_PROP_FRAME_WIDTH, width);
        opened.set(Videoio.CAP_PROP_FRAME_HEIGHT, height);
        opened.set(Videoio.CAP_PROP_FPS, fps);
        log.info("{}: asked for {}×{} at {} fps, got {}×{} at {} fps", name(), width, height, fps,
                (int) opened.get(Videoio.CAP_PROP_FRAME_WIDTH), (int) opened.get(Videoio.CAP_PROP_FRAME_HEIGHT),
                opened.get(Videoio.CAP_PROP_FPS));
        capture = opened;
    }

    @Override
    public Frame read() throws IOException {
        if (capture == null) {
            throw new IOException(name() + " is not open");
        }
        Mat image = new Mat();
        if (!capture.read(image) || image.empty()) {
            image.release();
            throw new IOException(name() + " stopped delivering frames (unplugged?)");
        }
        return new Frame(image, clock.instant(), ++sequence);
    }

    @Override
    public void close() {
        VideoCapture opened = capture;
        capture = null;
        if (opened != null) {
            opened.release();
        }
    }
}
