package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.detect.Box;
import dev.magpie.detect.BoxAnnotation;
import dev.magpie.detect.BoxCropImporter;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageRejectedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Photos with boxes drawn on them (docs/detection.md): {@code POST /api/v1/detection/photos} takes a multipart
 * {@code photo} file and a {@code boxes} field (a JSON array of {@code {label, left, top, width, height}}, each a
 * fraction of the photo's side) and hands them to {@link BoxCropImporter}, which keeps the photo under
 * {@code detection/photos/} and stores a labelled crop per box (plus jittered copies) and {@code None} background
 * crops. Every box is checked before anything is written, so a refused request leaves the store and the folder as
 * they were. {@code GET} lists the kept photos with their boxes, newest first, and serves one photo's bytes;
 * {@code PUT .../{id}/boxes} replaces a kept photo's boxes (its old crops are deleted, the photo imported again). Ids
 * from paths are 64 hex digits or a 404, never a file name.
 */
final class DetectionPhotoRoutes implements RouteGroup {

    static final int MAX_BOXES = 50;
    /** Background crops per photo and jittered crops per box, as ForkScissorsDetectionBench measures by default. */
    static final int BACKGROUND_PER_PHOTO = 6;
    static final int JITTERED_PER_BOX = 2;
    static final double MAX_BACKGROUND_IOU = 0.3;
    /** A box narrower or lower than this many pixels of the photo is refused: its crop would be mostly padding. */
    static final int MIN_BOX_PIXELS = 8;

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "jpg", "image/jpeg", "png", "image/png", "gif", "image/gif", "bmp", "image/bmp", "webp", "image/webp");

    private final WebServices services;
    private final Object importLock = new Object();

    DetectionPhotoRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/detection/photos", this::list);
        routes.post("/api/v1/detection/photos", this::upload);
        routes.get("/api/v1/detection/photos/{id}", this::bytes);
        routes.put("/api/v1/detection/photos/{id}/boxes", this::replace);
    }

    private Path folder() {
        return services.dataDir().resolve(BoxCropImporter.PHOTOS_DIR);
    }

    private void upload(Context ctx) throws IOException {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw WebException.badRequest("not_multipart", "send multipart/form-data with a \"photo\" file and a \"boxes\" field");
        }
        UploadedFile file = ctx.uploadedFile("photo");
        if (file == null) {
            throw WebException.badRequest("missing_photo", "the multipart body needs a \"photo\" file");
        }
        byte[] photo;
        try (InputStream in = file.content()) {
            photo = in.readAllBytes();
        }
        String name = Optional.ofNullable(file.filename()).filter(n -> !n.isBlank()).orElse("photo");
        List<Map<String, Object>> rows = parseBoxes(ctx.formParam("boxes"));
        ctx.status(201).json(importBoxes(photo, name, rows, Optional.empty()));
    }

    /**
     * {@code PUT /api/v1/detection/photos/{id}/boxes} with {@code {"boxes": [...]}}: the kept photo's crops (every
     * image whose source names it) are deleted and the photo is imported again with the new boxes. The boxes are
     * checked first; a refusal changes nothing.
     */
    private void replace(Context ctx) throws IOException {
        String sha = Paths.imageId(ctx.pathParam("id"));
        Path file = photoFile(sha).orElseThrow(() -> WebException.notFound("unknown_photo", "no kept photo " + sha));
        JsonNode boxes = Json.body(ctx).get("boxes");
        List<Map<String, Object>> rows = parseBoxes(boxes == null || boxes.isNull() ? null : boxes.toString());
        byte[] photo;
        try {
            photo = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw WebException.notFound("unknown_photo", "no kept photo " + sha);
        }
        ctx.json(importBoxes(photo, "kept " + sha.substring(0, 12), rows, Optional.of(sha)));
    }

    private Map<String, Object> importBoxes(byte[] photo, String name, List<Map<String, Object>> rows,
                                            Optional<String> replacing) throws IOException {
        int width;
        int height;
        try (DecodedImage image = services.decoder().decode(photo)) {
            width = image.width();
            height = image.height();
        } catch (ImageRejectedException e) {
            throw rejected(e);
        }
        List<BoxAnnotation> boxes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            Box relative = new Box((double) row.get("left"), (double) row.get("top"), (double) row.get("width"),
                    (double) row.get("height"));
            BoxAnnotation annotation = new BoxAnnotation(name, (String) row.get("label"), relative, Split.UNASSIGNED);
            Box pixels = annotation.inPixels(width, height);
            if (pixels.width() < MIN_BOX_PIXELS || pixels.height() < MIN_BOX_PIXELS) {
                throw WebException.badRequest("invalid_box", String.format(Locale.ROOT,
                        "box %d is %.0fx%.0f pixels of a %dx%d photo; draw it at least %d pixels on each side", i + 1,
                        pixels.width(), pixels.height(), width, height, MIN_BOX_PIXELS));
            }
            boxes.add(annotation);
        }
        BoxCropImporter.PhotoImport result;
        int removed = 0;
        synchronized (importLock) {
            if (replacing.isPresent()) {
                String prefix = BoxCropImporter.PHOTOS_DIR + "/" + replacing.get() + ".";
                for (StoredImage image : services.store().images()) {
                    if (image.source() != null && image.source().startsWith(prefix)) {
                        services.store().deleteImage(image.sha256());
                        removed++;
                    }
                }
            }
            long seed = java.util.Arrays.hashCode(photo);
            BoxCropImporter importer = new BoxCropImporter(services.store(), services.decoder(), BACKGROUND_PER_PHOTO,
                    MAX_BACKGROUND_IOU, JITTERED_PER_BOX, seed);
            try {
                result = importer.importPhoto(photo, name, boxes, Split.UNASSIGNED);
            } catch (ImageRejectedException e) {
                throw rejected(e);
            }
        }
        long boxAdded = result.boxCrops().stream().filter(r -> r.status() == AddResult.Status.ADDED).count();
        long backgroundAdded = result.backgroundCrops().stream().filter(r -> r.status() == AddResult.Status.ADDED).count();
        if (boxAdded + backgroundAdded > 0) {
            services.daemon().retrainer().labelsAdded((int) (boxAdded + backgroundAdded));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        result.boxCrops().forEach(r -> results.add(describe(r, "box")));
        result.backgroundCrops().forEach(r -> results.add(describe(r, "background")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photo", result.photoSha256());
        body.put("width", width);
        body.put("height", height);
        body.put("boxes", rows);
        body.put("box_crops", boxAdded);
        body.put("background_crops", backgroundAdded);
        if (replacing.isPresent()) {
            body.put("removed_crops", removed);
        }
        body.put("results", results);
        return body;
    }

    private static WebException rejected(ImageRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE, TOO_MANY_PIXELS -> new WebException(413, "image_too_large", e.getMessage());
            default -> WebException.badRequest("invalid_photo", "the photo is not an image Magpie can read: " + e.getMessage());
        };
    }

    private static Map<String, Object> describe(AddResult r, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("status", r.status().name().toLowerCase(Locale.ROOT));
        out.put("id", r.sha256IfKnown().orElse(null));
        out.put("message", r.message());
        return out;
    }

    /** The boxes field checked: 1-50 objects of a label and a box inside the photo with a positive size. */
    static List<Map<String, Object>> parseBoxes(String raw) {
        if (raw == null || raw.isBlank()) {
            throw WebException.badRequest("missing_boxes", "the multipart body needs a \"boxes\" field: a JSON array of"
                    + " {label, left, top, width, height} with coordinates from 0 to 1");
        }
        JsonNode array;
        try {
            array = Json.mapper().readTree(raw);
        } catch (IOException e) {
            throw WebException.badRequest("invalid_boxes", "\"boxes\" is not valid JSON");
        }
        if (array == null || !array.isArray()) {
            throw WebException.badRequest("invalid_boxes", "\"boxes\" must be a JSON array");
        }
        if (array.isEmpty()) {
            throw WebException.badRequest("no_boxes", "draw at least one box: a photo without boxes teaches nothing");
        }
        if (array.size() > MAX_BOXES) {
            throw WebException.badRequest("too_many_boxes", "at most " + MAX_BOXES + " boxes per photo, got " + array.size());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String where = "box " + (i + 1);
            if (!node.isObject()) {
                throw WebException.badRequest("invalid_box", where + " must be an object {label, left, top, width, height}");
            }
            JsonNode labelNode = node.get("label");
            if (labelNode == null || !labelNode.isTextual()) {
                throw WebException.badRequest("invalid_box", where + " needs \"label\" (a string)");
            }
            LabelName label = LabelName.of(labelNode.asText());
            if (label.equals(LabelName.NONE)) {
                throw WebException.badRequest("invalid_label", where + ": \"None\" is the background label; boxes name an object");
            }
            double left = number(node, "left", where);
            double top = number(node, "top", where);
            double width = number(node, "width", where);
            double height = number(node, "height", where);
            double slack = 1e-6;
            if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > 1 + slack || top + height > 1 + slack) {
                throw WebException.badRequest("invalid_box", String.format(Locale.ROOT, "%s (left %s, top %s, width %s,"
                        + " height %s) must lie inside the photo: left and top from 0, width and height above 0,"
                        + " left + width and top + height at most 1", where, left, top, width, height));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", label.value());
            row.put("left", left);
            row.put("top", top);
            row.put("width", Math.min(width, 1 - left));
            row.put("height", Math.min(height, 1 - top));
            out.add(row);
        }
        return out;
    }

    private static double number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw WebException.badRequest("invalid_box", where + " needs \"" + field + "\" (a number from 0 to 1)");
        }
        return value.asDouble();
    }

    private void list(Context ctx) throws IOException {
        List<Map<String, Object>> photos = new ArrayList<>();
        Path folder = folder();
        if (Files.isDirectory(folder)) {
            List<Path> boxFiles;
            try (Stream<Path> files = Files.list(folder)) {
                boxFiles = files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.json")).toList();
            }
            List<Map.Entry<Path, FileTime>> dated = new ArrayList<>();
            for (Path p : boxFiles) {
                try {
                    dated.add(Map.entry(p, Files.getLastModifiedTime(p)));
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
            dated.sort(Comparator.comparing((Map.Entry<Path, FileTime> e) -> e.getValue()).reversed()
                    .thenComparing(e -> e.getKey().getFileName().toString()));
            for (Map.Entry<Path, FileTime> entry : dated) {
                String sha = entry.getKey().getFileName().toString().substring(0, 64);
                Optional<Path> photo = photoFile(sha);
                if (photo.isEmpty()) {
                    continue;
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", sha);
                out.put("format", extension(photo.get()));
                out.put("updated_at", entry.getValue().toInstant().toString());
                try {
                    out.put("boxes", Json.mapper().readTree(Files.readAllBytes(entry.getKey())));
                } catch (NoSuchFileException | com.fasterxml.jackson.core.JsonProcessingException e) {
                    continue; // replaced or removed meanwhile, or damaged: list the others
                }
                photos.add(out);
            }
        }
        ctx.json(Map.of("total", photos.size(), "photos", photos));
    }

    private void bytes(Context ctx) throws IOException {
        String sha = Paths.imageId(ctx.pathParam("id"));
        Path photo = photoFile(sha).orElseThrow(() -> WebException.notFound("unknown_photo", "no kept photo " + sha));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(photo);
        } catch (NoSuchFileException e) {
            throw WebException.notFound("unknown_photo", "no kept photo " + sha);
        }
        ctx.header("Cache-Control", "private, max-age=86400, immutable");
        ctx.result(bytes);
        ctx.res().setCharacterEncoding(null);
        ctx.contentType(MEDIA_TYPES.getOrDefault(extension(photo), "application/octet-stream"));
    }

    /** The kept photo of a checked id: {@code <sha>.<ext>} for one of the formats the decoder reads. */
    private Optional<Path> photoFile(String sha) {
        for (String ext : MEDIA_TYPES.keySet()) {
            Path p = folder().resolve(sha + "." + ext);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
