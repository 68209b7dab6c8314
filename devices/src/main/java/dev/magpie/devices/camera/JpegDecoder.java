package dev.magpie.devices.camera;

import dev.magpie.devices.natives.OpenCvLibrary;
import java.io.IOException;
import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG bytes to BGR {@code Mat}s for one source and keeps its decode-failure counts. One bad frame is skipped
 * and counted (Wi-Fi cameras drop bytes); a run of {@link StreamLimits#maxConsecutiveDecodeFailures()} means the
 * stream itself is broken, and becomes an {@link IOException} so the capture loop reconnects.
 */
final class JpegDecoder {

    private static final Logger log = LoggerFactory.getLogger(JpegDecoder.class);

    private final String sourceName;
    private final int maxConsecutive;
    private long failures;
    private int consecutive;

    JpegDecoder(String sourceName, int maxConsecutive) {
        OpenCvLibrary.load();
        this.sourceName = sourceName;
        this.maxConsecutive = maxConsecutive;
    }

    /** The decoded frame, or null when these bytes were not a decodable image (counted). */
    Mat decode(byte[] jpeg) throws IOException {
        Mat image = null;
        if (jpeg.length >= 4) {
            MatOfByte buffer = new MatOfByte(jpeg);
            try {
                image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
            } catch (CvException e) {
                image = null;
            } finally {
                buffer.release();
            }
        }
        if (image == null || image.empty()) {
            if (image != null) {
                image.release();
            }
            reject(jpeg.length + " bytes did not decode as an image");
            return null;
        }
        consecutive = 0;
        return image;
    }

    /** Counts a frame skipped before decoding (too large, truncated); throws when too many failed in a row. */
    void reject(String reason) throws IOException {
        failures++;
        consecutive++;
        log.debug("{}: skipped a frame: {}", sourceName, reason);
        if (consecutive >= maxConsecutive) {
            int run = consecutive;
            consecutive = 0; // a reopened stream gets a fresh run
            throw new IOException(run + " frames in a row were unusable (last: " + reason + ")");
        }
    }

    long failures() {
        return failures;
    }
}
