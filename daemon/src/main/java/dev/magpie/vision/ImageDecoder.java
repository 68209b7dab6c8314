package dev.magpie.vision;

import dev.magpie.vision.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns untrusted image bytes into a BGR {@link Mat}, or refuses them with a reason a user can act on. Formats are
 * recognised by content, never by file name; the size and pixel limits are checked before decoding.
 *
 * <p>OpenCV decodes JPEG, PNG, BMP and WebP and applies the EXIF orientation of JPEGs. The OpenCV 4.9 build we ship
 * has no GIF decoder, so GIFs (their first frame) go through the JDK's ImageIO.
 */
public final class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
        NativeLibraries.loadOpenCv();
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Checks the bytes and returns their format without decoding pixels. */
    public ImageFormat inspect(byte[] bytes) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "the file is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "the file is %.1f MB; the limit is %.1f MB. Resize or recompress it",
                    bytes.length / 1048576.0, limits.maxBytes() / 1048576.0));
        }
        Optional<ImageFormat> sniffed = ImageFormat.sniff(bytes);
        if (sniffed.isEmpty()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "not a supported image (" + describe(bytes)
                    + "); Magpie accepts JPEG, PNG, GIF, BMP and WebP, recognised by content, not by file name");
        }
        ImageFormat format = sniffed.get();
        ImageHeader.Size size = ImageHeader.size(format, bytes).orElseThrow(() -> new ImageRejectedException(
                Reason.CORRUPT, "the " + format + " header is damaged or cut short; re-export the image"));
        if (size.width() <= 0 || size.height() <= 0) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format + " header declares an empty image ("
                    + size.width() + "×" + size.height() + ")");
        }
        if (size.pixels() > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "the image declares %d×%d pixels (%.1f MP); the limit is %.1f MP. Downscale it first",
                    size.width(), size.height(), size.pixels() / 1e6, limits.maxPixels() / 1e6));
        }
        if (!ImageHeader.looksComplete(format, bytes)) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format
                    + " file is truncated (its end marker is missing); copy or upload it again");
        }
        return format;
    }

    /** Decodes to an 8-bit BGR image with EXIF orientation applied. The caller closes the result. */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        ImageFormat format = inspect(bytes);
        Mat bgr = format == ImageFormat.GIF ? decodeWithImageIo(bytes, limits.maxPixels()) : decodeWithOpenCv(bytes);
        if (bgr.empty()) {
            bgr.release();
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format + " data could not be decoded; the file is damaged");
        }
        return new DecodedImage(bgr, format);
    }

    private static Mat decodeWithOpenCv(byte[] bytes) {
        MatOfByte encoded = new MatOfByte(bytes);
        try {
            return Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
        } finally {
            encoded.release();
        }
    }

    private static Mat decodeWithImageIo(byte[] bytes, long maxPixels) throws ImageRejectedException {
        BufferedImage image;
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(Reason.CORRUPT, "the GIF data could not be decoded");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                // The header check saw the logical screen; a frame may declare a far larger size of its own (found
                // by the fuzz run: ImageIO then allocated gigabytes and the JVM ran out of memory).
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                            "the GIF's first frame is %d x %d = %.1f megapixels; the limit is %.1f megapixels",
                            reader.getWidth(0), reader.getHeight(0), pixels / 1e6, maxPixels / 1e6));
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.CORRUPT, "the GIF data could not be decoded: " + e.getMessage());
        }
        if (image == null) {
            throw new ImageRejectedException(Reason.CORRUPT, "the GIF data could not be decoded");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            bgr[3 * i] = (byte) p;
            bgr[3 * i + 1] = (byte) (p >> 8);
            bgr[3 * i + 2] = (byte) (p >> 16);
        }
        Mat mat = new Mat(height, width, CvType.CV_8UC3);
        mat.put(0, 0, bgr);
        return mat;
    }

    private static String describe(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 1 && bytes[3] == 0) {
            return "an ICO icon, which this decoder cannot read";
        }
        if (bytes.length >= 12 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p') {
            return "an HEIC/AVIF/MP4 container; export the photo as JPEG";
        }
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            return "a zip archive; import it as a dataset instead";
        }
        if (looksLikeText(bytes)) {
            return "it looks like a text file";
        }
        return "starts with bytes " + hex(bytes, 8);
    }

    private static boolean looksLikeText(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) {
                return false;
            }
        }
        return n > 0;
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(count, bytes.length); i++) {
            sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
