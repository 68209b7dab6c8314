package dev.magpie.vision;

import java.util.Optional;

/**
 * Reads an image's declared width and height from its header without decoding pixels, and checks that the file
 * is not cut short. Both are cheap byte scans; the point is to refuse bombs and truncated uploads before a decoder
 * allocates memory or silently fills the missing part with grey.
 */
final class ImageHeader {

    record Size(long width, long height) {
        long pixels() {
            return width * height;
        }
    }

    private ImageHeader() {
    }

    static Optional<Size> size(ImageFormat format, byte[] b) {
        try {
            return switch (format) {
                case PNG -> b.length >= 24 ? Optional.of(new Size(int32be(b, 16) & 0xFFFFFFFFL, int32be(b, 20) & 0xFFFFFFFFL)) : Optional.empty();
                case GIF -> b.length >= 10 ? Optional.of(new Size(uint16le(b, 6), uint16le(b, 8))) : Optional.empty();
                case BMP -> bmpSize(b);
                case WEBP -> webpSize(b);
                case JPEG -> jpegSize(b);
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** True when the file ends the way a complete file of its format must. */
    static boolean looksComplete(ImageFormat format, byte[] b) {
        return switch (format) {
            case JPEG -> jpegHasEndAfterScan(b);
            case PNG -> pngHasEnd(b);
            case GIF -> b.length > 13 && lastNonZero(b) == 0x3B;
            case BMP -> b.length >= 14 && (int32le(b, 2) & 0xFFFFFFFFL) <= b.length;
            case WEBP -> b.length >= 12 && (int32le(b, 4) & 0xFFFFFFFFL) + 8 <= b.length;
        };
    }

    private static Optional<Size> bmpSize(byte[] b) {
        if (b.length < 26) {
            return Optional.empty();
        }
        int headerSize = int32le(b, 14);
        if (headerSize == 12) {
            return Optional.of(new Size(uint16le(b, 18), uint16le(b, 20)));
        }
        return Optional.of(new Size(Math.abs((long) int32le(b, 18)), Math.abs((long) int32le(b, 22))));
    }

    private static Optional<Size> webpSize(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                return Optional.of(new Size(uint16le(b, 26) & 0x3FFF, uint16le(b, 28) & 0x3FFF));
            case "VP8L": {
                long bits = int32le(b, 21) & 0xFFFFFFFFL;
                return Optional.of(new Size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
            }
            case "VP8X":
                return Optional.of(new Size(uint24le(b, 24) + 1L, uint24le(b, 27) + 1L));
            default:
                return Optional.empty();
        }
    }

    private static Optional<Size> jpegSize(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = uint16be(b, i + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return Optional.of(new Size(uint16be(b, i + 7), uint16be(b, i + 5)));
            }
            if (marker == 0xDA || length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static boolean jpegHasEndAfterScan(byte[] b) {
        int firstScan = -1;
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xDA) {
                firstScan = i;
                break;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            i += 2 + uint16be(b, i + 2);
        }
        if (firstScan < 0) {
            return false;
        }
        // Cameras may pad after the end marker, so look for it near the end rather than at the last byte.
        int stop = Math.max(firstScan, b.length - 64 * 1024);
        for (int j = b.length - 2; j > stop; j--) {
            if ((b[j] & 0xFF) == 0xFF && (b[j + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean pngHasEnd(byte[] b) {
        int stop = Math.max(8, b.length - 4096);
        for (int j = b.length - 8; j >= stop; j--) {
            if (b[j] == 'I' && b[j + 1] == 'E' && b[j + 2] == 'N' && b[j + 3] == 'D') {
                return true;
            }
        }
        return false;
    }

    private static int lastNonZero(byte[] b) {
        for (int j = b.length - 1; j >= 0; j--) {
            if (b[j] != 0) {
                return b[j] & 0xFF;
            }
        }
        return -1;
    }

    private static int uint16be(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int uint16le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int uint24le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16);
    }

    private static int int32be(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int int32le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }
}
