package dev.magpie.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.dataset.ImportReport;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.NewImage;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.dataset.UnknownImageException;
import dev.magpie.dataset.ZipImporter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Images: list a label's images a page at a time, fetch one's bytes, upload (multipart with many files, raw image
 * bytes, or a zip of label folders), relabel, delete. File names from uploads are only echoed back in the per-file
 * results; they never name a file on disk (images are stored by content hash, zips are read in place).
 */
final class ImageRoutes implements RouteGroup {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final WebServices services;

    ImageRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/labels/{label}/images", this::list);
        routes.get("/api/v1/images/{id}", this::bytes);
        routes.post("/api/v1/images", this::upload);
        routes.put("/api/v1/images/{id}", this::relabel);
        routes.delete("/api/v1/images/{id}", this::delete);
    }

    private void list(Context ctx) {
        LabelName label = LabelRoutes.parse(ctx.pathParam("label"));
        if (!services.store().labels().contains(label)) {
            throw new dev.magpie.dataset.UnknownLabelException(label);
        }
        List<StoredImage> images = services.store().images(label);
        int offset = Paths.intParam(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Paths.intParam(ctx.queryParam("limit"), "limit", 50, 1, 500);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(images.size(), offset + limit); i++) {
            page.add(describe(images.get(i)));
        }
        ctx.json(Map.of("label", label.value(), "total", images.size(), "offset", offset, "limit", limit, "images", page));
    }

    static Map<String, Object> describe(StoredImage image) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", image.sha256());
        out.put("label", image.label().map(LabelName::value).orElse(null));
        out.put("split", image.split().name().toLowerCase(Locale.ROOT));
        out.put("source", image.source());
        out.put("added_at", image.addedAt().toString());
        out.put("format", image.format().name().toLowerCase(Locale.ROOT));
        out.put("width", image.width());
        out.put("height", image.height());
        return out;
    }

    private StoredImage find(Context ctx) {
        String id = Paths.imageId(ctx.pathParam("id"));
        return services.store().find(id).orElseThrow(() -> WebException.notFound("unknown_image", "no image " + id));
    }

    private void bytes(Context ctx) {
        StoredImage image = find(ctx);
        byte[] bytes = services.store().readBytes(image);
        ctx.header("Cache-Control", "private, max-age=86400, immutable");
        ctx.result(bytes);
        ctx.res().setCharacterEncoding(null); // binary: no "; charset=utf-8" on an image type
        ctx.contentType(mediaType(image.format().name()));
    }

    static String mediaType(String format) {
        return switch (format.toUpperCase(Locale.ROOT)) {
            case "JPEG" -> "image/jpeg";
            case "PNG" -> "image/png";
            case "GIF" -> "image/gif";
            case "BMP" -> "image/bmp";
            case "WEBP" -> "image/webp";
            case "ICO" -> "image/x-icon";
            default -> "application/octet-stream";
        };
    }

    private void upload(Context ctx) throws IOException {
        Optional<LabelName> label = Optional.ofNullable(ctx.queryParam("label")).map(LabelName::of);
        List<Map<String, Object>> results = new ArrayList<>();
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            List<UploadedFile> files = ctx.uploadedFiles();
            if (files.isEmpty()) {
                throw WebException.badRequest("no_files", "the multipart body has no files");
            }
            for (UploadedFile file : files) {
                try (InputStream in = file.content()) {
                    results.addAll(store(in.readAllBytes(), file.filename(), label));
                }
            }
        } else {
            byte[] body = ctx.bodyAsBytes();
            if (body.length == 0) {
                throw WebException.badRequest("empty_body", "send image bytes, a zip, or multipart/form-data files");
            }
            if (type.contains("zip") && !isZip(body)) {
                throw WebException.badRequest("invalid_zip", "the body is sent as " + type + " but is not a zip archive"
                        + " (it does not start with PK); send the .zip file itself");
            }
            results.addAll(store(body, "body", label));
        }
        long added = results.stream().filter(r -> "added".equals(r.get("status"))).count();
        refuseIfNothingUsable(results);
        ctx.status(added > 0 ? 201 : 200).json(Map.of("added", added, "results", results));
    }

    /**
     * An upload where every file was refused is a 400 naming the first refusal, so a script sees the failure in the
     * status; one where some were added, or were already there, is answered per file (as Custom Vision's
     * CreateImagesFromData does).
     */
    private static void refuseIfNothingUsable(List<Map<String, Object>> results) {
        Map<String, Object> first = null;
        for (Map<String, Object> result : results) {
            Object status = result.get("status");
            if ("added".equals(status) || "duplicate".equals(status)) {
                return;
            }
            first = first == null ? result : first;
        }
        if (first == null) {
            throw WebException.badRequest("nothing_added", "the upload held no images");
        }
        String more = results.size() > 1 ? " (and " + (results.size() - 1) + " more refused)" : "";
        throw WebException.badRequest("nothing_added", first.get("name") + ": " + first.get("message") + more);
    }

    private List<Map<String, Object>> store(byte[] bytes, String name, Optional<LabelName> label) throws IOException {
        if (isZip(bytes)) {
            return importZip(bytes);
        }
        if (label.isEmpty()) {
            throw WebException.badRequest("missing_label", "give ?label=NAME for images (a zip names labels by its folders)");
        }
        AddResult result = services.store().addAll(List.of(NewImage.labelled(bytes, label.get(), Split.UNASSIGNED, "web")), false).get(0);
        if (result.stored()) {
            services.daemon().retrainer().labelsAdded(1);
        }
        return List.of(result(name, result.status().name(), result.sha256IfKnown(), result.message()));
    }

    private List<Map<String, Object>> importZip(byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(PrivateFiles.folder(services.dataDir()), "upload-", ".zip");
        try {
            Files.write(temp, bytes);
            ImportReport report = new ZipImporter(services.store(), ImportLimits.DEFAULT).importZip(temp, false);
            List<Map<String, Object>> results = new ArrayList<>();
            for (ImportReport.Entry entry : report.entries()) {
                results.add(result(entry.name(), entry.outcome().name(), entry.sha256(), entry.reason()));
            }
            int added = (int) report.count(ImportReport.Outcome.ADDED);
            if (added > 0) {
                services.daemon().retrainer().labelsAdded(added);
            }
            return results;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Map<String, Object> result(String name, String status, Optional<String> sha256, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("status", status.toLowerCase(Locale.ROOT));
        out.put("id", sha256.orElse(null));
        out.put("message", message);
        return out;
    }

    static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == ZIP_MAGIC[0] && bytes[1] == ZIP_MAGIC[1] && bytes[2] == ZIP_MAGIC[2]
                && bytes[3] == ZIP_MAGIC[3];
    }

    private void relabel(Context ctx) {
        StoredImage image = find(ctx);
        ObjectNode body = Json.body(ctx);
        if (!body.has("label")) {
            throw WebException.badRequest("missing_field", "the body needs \"label\" (a label name, or null for the inbox)");
        }
        Optional<LabelName> label = Json.optionalText(body, "label").map(LabelName::of);
        StoredImage moved = services.store().relabel(image.sha256(), label);
        ctx.json(describe(moved));
    }

    private void delete(Context ctx) {
        StoredImage image = find(ctx);
        try {
            services.store().deleteImage(image.sha256());
        } catch (UnknownImageException e) {
            throw WebException.notFound("unknown_image", e.getMessage());
        }
        ctx.json(Map.of("deleted", image.sha256()));
    }
}
