package dev.magpie.web;

import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The image of a Custom Vision prediction request, however it was sent: the raw body ({@code application/octet-stream},
 * as the tutorials' REST samples send it, or any other type) or the first part of a {@code multipart/form-data} body
 * (Microsoft's SDKs send one part named {@code imageData}, with or without a file name). Over 4 MB is refused as the
 * Custom Vision service refuses it: 400 {@code BadRequestImageSizeBytes}.
 */
final class CustomVisionImage {

    /** The Custom Vision prediction limit: 4 MB. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private CustomVisionImage() {
    }

    static byte[] read(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        byte[] bytes = type.startsWith("multipart/") ? firstPart(ctx) : body(ctx);
        if (bytes.length == 0) {
            throw new WebException(400, "BadRequestImageStream", "the request has no image; send the image bytes as"
                    + " application/octet-stream or as a multipart/form-data part");
        }
        return bytes;
    }

    private static byte[] body(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            return capped(in);
        } catch (IOException e) {
            throw new WebException(400, "BadRequestImageStream", "the image could not be read: " + e.getMessage());
        }
    }

    private static byte[] firstPart(Context ctx) {
        ctx.uploadedFiles(); // makes Javalin install its multipart limits on the request before the parts are read
        Collection<Part> parts;
        try {
            parts = ctx.req().getParts();
        } catch (IOException | ServletException | IllegalStateException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("size")) {
                throw CustomVisionErrors.imageSize();
            }
            throw new WebException(400, "BadRequestImageStream", "the multipart body could not be read: " + e.getMessage());
        }
        List<Part> ordered = new ArrayList<>(parts);
        ordered.sort((a, b) -> Boolean.compare(!"imageData".equalsIgnoreCase(a.getName()), !"imageData".equalsIgnoreCase(b.getName())));
        if (ordered.isEmpty()) {
            throw new WebException(400, "BadRequestImageStream", "the multipart body has no parts");
        }
        Part part = ordered.get(0);
        if (part.getSize() > MAX_BYTES) {
            throw CustomVisionErrors.imageSize();
        }
        try (InputStream in = part.getInputStream()) {
            return capped(in);
        } catch (IOException e) {
            throw new WebException(400, "BadRequestImageStream", "the image part could not be read: " + e.getMessage());
        }
    }

    private static byte[] capped(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw CustomVisionErrors.imageSize();
        }
        return bytes;
    }
}
