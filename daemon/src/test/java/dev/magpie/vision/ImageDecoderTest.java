package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @Test
    void decodesSamplePhotoAsBgr() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFiles.sample("hot_dog.jpg"));
        try (DecodedImage image = decoder.decode(bytes)) {
            assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(image.bgr().channels()).isEqualTo(3);
            assertThat(image.width()).isPositive();
            assertThat(image.height()).isPositive();
        }
    }

    @Test
    void decodesEveryAcceptedFormat() throws Exception {
        Mat mat = TestImages.marked(64, 48);
        try {
            for (String extension : new String[] {".jpg", ".png", ".bmp", ".webp"}) {
                try (DecodedImage image = decoder.decode(TestImages.encode(mat, extension))) {
                    assertThat(image.width()).as(extension).isEqualTo(64);
                    assertThat(image.height()).as(extension).isEqualTo(48);
                }
            }
        } finally {
            mat.release();
        }
        try (DecodedImage gif = decoder.decode(gif(40, 30))) {
            assertThat(gif.format()).isEqualTo(ImageFormat.GIF);
            assertThat(gif.width()).isEqualTo(40);
            assertThat(gif.height()).isEqualTo(30);
            double[] pixel = gif.bgr().get(2, 2);
            assertThat(pixel[2]).isGreaterThan(200); // the red corner survives the ImageIO path, in BGR order
        }
    }

    @Test
    void emptyFileIsRefused() {
        assertRejected(new byte[0], Reason.EMPTY, "empty");
    }

    @Test
    void textFileNamedJpgIsRefusedByContent() {
        assertRejected("hello, not a picture".getBytes(StandardCharsets.UTF_8), Reason.UNSUPPORTED_FORMAT,
                "JPEG, PNG, GIF, BMP and WebP");
    }

    @Test
    void iconIsRefusedWithItsName() {
        assertRejected(new byte[] {0, 0, 1, 0, 1, 0, 16, 16, 0, 0}, Reason.UNSUPPORTED_FORMAT, "ICO");
    }

    @Test
    void truncatedJpegIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFiles.sample("hot_dog.jpg"));
        assertRejected(Arrays.copyOf(bytes, bytes.length / 2), Reason.CORRUPT, "truncated");
    }

    @Test
    void truncatedPngIsRefused() {
        byte[] bytes = TestImages.png(300, 200);
        assertRejected(Arrays.copyOf(bytes, bytes.length - 40), Reason.CORRUPT, "truncated");
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = TestImages.png(8, 8);
        ByteBuffer.wrap(bomb).putInt(16, 60_000).putInt(20, 60_000); // IHDR now claims 3.6 gigapixels
        assertRejected(bomb, Reason.TOO_MANY_PIXELS, "60000×60000");
    }

    @Test
    void fileOverTheByteLimitIsRefused() throws Exception {
        ImageDecoder small = new ImageDecoder(new ImageLimits(100_000, 40_000_000));
        byte[] bytes = Files.readAllBytes(SharedFiles.sample("hot_dog.jpg"));
        assertThatThrownBy(() -> small.decode(bytes))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("limit");
    }

    @Test
    void exifOrientationIsApplied() throws Exception {
        byte[] plain = TestImages.jpeg(200, 100);
        byte[] rotated = withExifOrientation(plain, 6); // 6: the camera was turned 90° clockwise
        try (DecodedImage image = decoder.decode(rotated)) {
            assertThat(image.width()).isEqualTo(100);
            assertThat(image.height()).isEqualTo(200);
            // The red mark was top-left; after a 90° clockwise turn it is top-right.
            assertThat(image.bgr().get(5, 95)[2]).isGreaterThan(200);
            assertThat(image.bgr().get(5, 5)[2]).isLessThan(100);
        }
    }

    private void assertRejected(byte[] bytes, Reason reason, String messagePart) {
        assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    private static byte[] gif(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 4 && y < height / 4 ? 0xFF0000 : 0x287828);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "gif", out);
        return out.toByteArray();
    }

    /** Inserts an APP1 segment with a one-entry EXIF IFD (tag 0x0112, Orientation) right after the SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'I', 'I', 0x2A, 0, 8, 0, 0, 0, // little-endian TIFF header, first IFD at offset 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, // Orientation, SHORT, count 1
            0, 0, 0, 0 // no next IFD
        };
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
