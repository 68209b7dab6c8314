package dev.magpie.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.NewImage;
import dev.magpie.dataset.Split;
import dev.magpie.io.AtomicFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.ModelResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns a photo with boxes into classifier training data: each box becomes a labelled image (its padded square crop,
 * cut as {@link Crops} cuts run-time proposals), and {@code backgroundPerPhoto} background crops, placed at random
 * where they overlap every box by at most {@code maxBackgroundIou}, become {@code None} images. The photo itself is
 * kept under {@code <data dir>/detection/photos/<sha256>.<ext>} with its boxes beside it in {@code <sha256>.json}
 * (both written atomically), and every crop's {@code source} names the photo and box, e.g.
 * {@code detection/photos/ab12….jpg#box=0.1458,0.3509,0.5895,0.2386 (fork_1.jpg)}.
 */
public final class BoxCropImporter {

    public static final String PHOTOS_DIR = "detection/photos";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetStore store;
    private final ImageDecoder decoder;
    private final int backgroundPerPhoto;
    private final double maxBackgroundIou;
    private final int jitteredPerBox;
    private final Random random;

    /** The positive crops' minimum IoU with their box (R-CNN's rule: a window of IoU >= 0.5 is the object). */
    public static final double MIN_POSITIVE_IOU = 0.6;

    public BoxCropImporter(DatasetStore store, ImageDecoder decoder, int backgroundPerPhoto, double maxBackgroundIou, long seed) {
        this(store, decoder, backgroundPerPhoto, maxBackgroundIou, 0, seed);
    }

    /**
     * @param jitteredPerBox extra crops per box, shifted and rescaled so they overlap it by at least
     *                       {@link #MIN_POSITIVE_IOU}, labelled as the box: proposals never sit exactly on the object,
     *                       so the head should learn that a near miss is still the object
     */
    public BoxCropImporter(DatasetStore store, ImageDecoder decoder, int backgroundPerPhoto, double maxBackgroundIou,
                           int jitteredPerBox, long seed) {
        if (backgroundPerPhoto < 0) {
            throw new IllegalArgumentException("backgroundPerPhoto must be >= 0, got " + backgroundPerPhoto);
        }
        if (!(maxBackgroundIou >= 0) || maxBackgroundIou >= 0.5) {
            throw new IllegalArgumentException("maxBackgroundIou must be in [0, 0.5), got " + maxBackgroundIou);
        }
        this.store = store;
        this.decoder = decoder;
        this.backgroundPerPhoto = backgroundPerPhoto;
        this.maxBackgroundIou = maxBackgroundIou;
        if (jitteredPerBox < 0) {
            throw new IllegalArgumentException("jitteredPerBox must be >= 0, got " + jitteredPerBox);
        }
        this.jitteredPerBox = jitteredPerBox;
        this.random = new Random(seed);
    }

    /** What one photo gave: the store's answer for each box crop, then for each background crop. */
    public record PhotoImport(String photoSha256, List<AddResult> boxCrops, List<AddResult> backgroundCrops) {
    }

    /**
     * Imports one photo and its boxes (all of {@code boxes} must belong to it); crops go in with {@code split}.
     *
     * @param name the photo's name in the import, kept in each crop's source
     */
    public PhotoImport importPhoto(byte[] photo, String name, List<BoxAnnotation> boxes, Split split)
            throws IOException, ImageRejectedException {
        String sha = ModelResolver.sha256(photo);
        try (DecodedImage image = decoder.decode(photo)) {
            String stored = PHOTOS_DIR + "/" + sha + "." + image.format().extension();
            keepPhoto(photo, sha, stored, boxes);
            Mat frame = image.bgr();
            List<Box> pixelBoxes = new ArrayList<>();
            List<NewImage> crops = new ArrayList<>();
            for (BoxAnnotation a : boxes) {
                Box box = a.inPixels(image.width(), image.height());
                pixelBoxes.add(box);
                crops.add(NewImage.labelled(encode(frame, box), LabelName.of(a.label()), split, source(stored, a.relative(), name)));
                for (Box j : jittered(box, image.width(), image.height())) {
                    crops.add(NewImage.labelled(encode(frame, j), LabelName.of(a.label()), split,
                            source(stored, j.relativeTo(image.width(), image.height()), name)));
                }
            }
            List<NewImage> background = new ArrayList<>();
            for (Box b : backgroundBoxes(pixelBoxes, image.width(), image.height())) {
                background.add(NewImage.labelled(encode(frame, b), LabelName.NONE, split,
                        source(stored, b.relativeTo(image.width(), image.height()), name)));
            }
            List<AddResult> boxResults = crops.isEmpty() ? List.of() : store.addAll(crops, false);
            List<AddResult> backgroundResults = background.isEmpty() ? List.of() : store.addAll(background, false);
            return new PhotoImport(sha, boxResults, backgroundResults);
        }
    }

    /** Up to jitteredPerBox boxes overlapping {@code box} by at least MIN_POSITIVE_IOU, inside the photo. */
    List<Box> jittered(Box box, int width, int height) {
        List<Box> out = new ArrayList<>();
        for (int n = 0; n < jitteredPerBox; n++) {
            for (int attempt = 0; attempt < 200; attempt++) {
                double w = box.width() * (0.8 + 0.45 * random.nextDouble());
                double h = box.height() * (0.8 + 0.45 * random.nextDouble());
                double cx = box.centreX() + box.width() * 0.3 * (random.nextDouble() - 0.5);
                double cy = box.centreY() + box.height() * 0.3 * (random.nextDouble() - 0.5);
                Box candidate = new Box(cx - w / 2, cy - h / 2, w, h).clippedTo(width, height);
                if (candidate.iou(box) >= MIN_POSITIVE_IOU) {
                    out.add(candidate);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Background boxes sized like the photo's boxes (0.5-1.5 × a random box's sides; a quarter of the photo when it
     * has none), at random places overlapping each box by at most maxBackgroundIou. Every second one must touch a box
     * (IoU >= 0.05): a hard negative, a window that shows part of the object and must still be called background, or
     * the head scores half-covering windows as the object and NMS keeps the wrong box. Fewer come back when the boxes
     * leave no such place after 200 tries each.
     */
    List<Box> backgroundBoxes(List<Box> boxes, int width, int height) {
        List<Box> out = new ArrayList<>();
        for (int n = 0; n < backgroundPerPhoto; n++) {
            boolean hard = n % 2 == 1 && !boxes.isEmpty() && maxBackgroundIou > 0.05;
            for (int attempt = 0; attempt < 200; attempt++) {
                Box like = boxes.isEmpty() ? new Box(0, 0, width / 2.0, height / 2.0) : boxes.get(random.nextInt(boxes.size()));
                double w = Math.min(width, Math.max(16, like.width() * (0.5 + random.nextDouble())));
                double h = Math.min(height, Math.max(16, like.height() * (0.5 + random.nextDouble())));
                Box candidate = new Box(random.nextDouble() * (width - w), random.nextDouble() * (height - h), w, h);
                boolean clear = true;
                double most = 0;
                for (Box b : boxes) {
                    clear &= b.iou(candidate) <= maxBackgroundIou;
                    most = Math.max(most, b.iou(candidate));
                }
                if (clear && (!hard || most >= 0.05)) {
                    out.add(candidate);
                    break;
                }
            }
        }
        return out;
    }

    private void keepPhoto(byte[] photo, String sha, String stored, List<BoxAnnotation> boxes) throws IOException {
        Path target = store.dataDir().resolve(stored);
        Files.createDirectories(target.getParent());
        if (!Files.exists(target)) {
            AtomicFiles.write(target, photo);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BoxAnnotation a : boxes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", a.label());
            row.put("left", a.relative().x());
            row.put("top", a.relative().y());
            row.put("width", a.relative().width());
            row.put("height", a.relative().height());
            rows.add(row);
        }
        AtomicFiles.write(target.resolveSibling(sha + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rows));
    }

    private static String source(String stored, Box relative, String name) {
        return String.format(Locale.ROOT, "%s#box=%.4f,%.4f,%.4f,%.4f (%s)", stored, relative.x(), relative.y(),
                relative.width(), relative.height(), name);
    }

    private static byte[] encode(Mat frame, Box box) {
        Mat crop = Crops.paddedSquare(frame, box);
        MatOfByte bytes = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", crop, bytes, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
            return bytes.toArray();
        } finally {
            crop.release();
            bytes.release();
        }
    }
}
