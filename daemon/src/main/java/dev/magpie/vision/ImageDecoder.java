package dev.magpie.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** TEMPORARY STUB until the lead's vision package lands; replaced by the real one on merge. */
public class ImageDecoder {
    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        nu.pattern.OpenCV.loadLocally();
        this.limits = limits;
    }

    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "empty file");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, "file is " + bytes.length + " bytes, over the limit of " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new ImageRejectedException(
                ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "not a JPEG, PNG, GIF, BMP or WebP image"));
        if (format == ImageFormat.JPEG && !((bytes[bytes.length - 2] & 0xFF) == 0xFF && (bytes[bytes.length - 1] & 0xFF) == 0xD9)) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, "JPEG is truncated");
        }
        MatOfByte buf = new MatOfByte(bytes);
        Mat mat = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        buf.release();
        if (mat.empty()) {
            mat.release();
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, "image data is corrupt");
        }
        return new DecodedImage(mat, format);
    }
}
