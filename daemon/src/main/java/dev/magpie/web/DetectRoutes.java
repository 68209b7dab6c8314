package dev.magpie.web;

import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.detect.Box;
import dev.magpie.detect.DetectorProposer;
import dev.magpie.detect.LabelledBox;
import dev.magpie.detect.ProposalDetector;
import dev.magpie.detect.RegionClassifier;
import dev.magpie.detect.RegionProposer;
import dev.magpie.detect.SlidingWindowProposer;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ModelNotFoundException;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.YoloxDetector;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/detect}: image bytes or a multipart file in, the COCO objects in it out as
 * {@code {model, ms, detections: [{label, probability, box: {left, top, width, height}}]}}, boxes relative to the
 * whole image (0-1). {@code ?classes=bird,person} keeps only those COCO classes, {@code ?min_score=} (default 0.3)
 * drops weaker boxes, and unless {@code ?store=false} the image is kept in the inbox as {@code /predict} keeps it.
 * {@code ?model=custom} detects with the owner's own labels instead ({@link #detectCustom}).
 *
 * <p>The detector (YOLOX-nano, {@link ModelSpec#YOLOX_NANO}) is loaded on the first request and shared; it is
 * thread-safe and its runs go through the same {@link PredictGate} as the classifier's, so detections and predictions
 * together cannot starve the camera loop. The model file is looked up in {@code <data-dir>/cache/models} and in
 * {@code MAGPIE_MODEL_PATH}; it is not downloaded on a request, and a missing file is a 503 that says where to put it.
 * The Custom Vision {@code /detect/...} route ({@link CustomVisionRoutes}) answers from {@link #detect}.
 */
final class DetectRoutes implements RouteGroup, AutoCloseable {

    /** Detections scoring below this are never kept; a request's {@code min_score} can only raise it. */
    static final double FLOOR_SCORE = 0.05;
    static final double DEFAULT_MIN_SCORE = 0.3;
    static final String MODEL = ModelSpec.YOLOX_NANO.name();
    static final String CUSTOM = "custom";
    /** Per-class NMS for the custom detector's windows, as docs/detection.md measured it. */
    static final double CUSTOM_NMS_IOU = 0.3;
    /** {@code ?proposals=} for {@code model=custom}: where the candidate regions come from. */
    static final List<String> PROPOSALS = List.of("windows", "coco", "both");
    /**
     * The COCO detector's boxes: on the fork/scissors bench (bench/fork-scissors-detection.txt) mAP@0.5 0.98 against
     * 0.44 for the windows, from about 1 crop a photo instead of 324. Without the COCO model on the device an
     * unasked-for default falls back to the windows; an explicit {@code proposals=coco} is then 503.
     */
    static final String DEFAULT_PROPOSALS = "coco";
    /** In {@code proposals=both}, a window this close to a COCO box is left out (nearly the same crop). */
    static final double UNION_IOU = 0.9;

    private static final Logger log = LoggerFactory.getLogger(DetectRoutes.class);

    /** Finds and loads the detector; throws when its model file is not there. */
    @FunctionalInterface
    interface DetectorSource {
        Detector load() throws ModelNotFoundException, IOException;

        /** YOLOX-nano from the data directory's model cache or {@code MAGPIE_MODEL_PATH}, never downloaded. */
        static DetectorSource yolox(WebServices services) {
            return () -> {
                String searchPath = services.environment().get(ModelResolver.MODEL_PATH_VARIABLE);
                ModelResolver resolver = new ModelResolver(services.dataDir().resolve("cache").resolve("models"),
                        ModelResolver.parseSearchPath(searchPath), false, Duration.ofSeconds(1));
                Path file = resolver.resolve(ModelSpec.YOLOX_NANO, Optional.empty());
                return YoloxDetector.load(file, InferenceSettings.DEFAULT,
                        DetectorSettings.DEFAULT.withScoreThreshold(FLOOR_SCORE));
            };
        }
    }

    /** One detection run: the image size, the boxes (best first, already filtered) and how long it took. */
    record Result(String model, int width, int height, List<Detection> detections, double ms, String proposals) {

        Result(String model, int width, int height, List<Detection> detections, double ms) {
            this(model, width, height, detections, ms, null);
        }
    }

    private final WebServices services;
    private final PredictGate gate;
    private final DetectorSource source;
    private final Object loading = new Object();
    private volatile Detector detector;
    private boolean closed;

    DetectRoutes(WebServices services, PredictGate gate, DetectorSource source) {
        this.services = services;
        this.gate = gate;
        this.source = source;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/detect", this::detect);
    }

    private void detect(Context ctx) throws IOException, ImageRejectedException {
        byte[] bytes = PredictRoutes.imageBytes(ctx);
        Set<String> classes = classes(ctx.queryParam("classes"));
        double minScore = minScore(ctx.queryParam("min_score"));
        String model = Optional.ofNullable(ctx.queryParam("model")).orElse("coco").strip().toLowerCase(Locale.ROOT);
        String proposals = proposals(ctx.queryParam("proposals"));
        Result result = switch (model) {
            case "coco", "", "yolox", "yolox-nano-onnx" -> detect(bytes, classes, minScore);
            case CUSTOM -> detectCustom(bytes, classes, minScore, proposals);
            default -> throw WebException.badRequest("unknown_detector", "model must be coco (the COCO detector, the"
                    + " default) or custom (the current model's head over sliding windows), was " + LabelRoutes.quote(model));
        };
        if (!"false".equalsIgnoreCase(ctx.queryParam("store"))) {
            keep(bytes, result, "api:detect", "api", "API detection");
        }
        List<Map<String, Object>> detections = new ArrayList<>();
        for (Detection d : result.detections()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", d.className());
            one.put("probability", d.score());
            one.put("box", box(d, result));
            detections.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", result.model());
        body.put("ms", StatusRoutes.round(result.ms()));
        if (result.proposals() != null) {
            body.put("proposals", result.proposals());
        }
        body.put("detections", detections);
        ctx.json(body);
    }

    /** The objects in {@code bytes}, only {@code classes} (all when empty) scoring {@code minScore} or more. */
    Result detect(byte[] bytes, Set<String> classes, double minScore) throws IOException, ImageRejectedException {
        Detector loaded = detector();
        for (String name : classes) {
            if (!loaded.classNames().contains(name)) {
                throw WebException.badRequest("unknown_class", "unknown class " + LabelRoutes.quote(name)
                        + "; the detector's (COCO) classes are " + String.join(", ", loaded.classNames()));
            }
        }
        try {
            return gate.run(() -> {
                long start = System.nanoTime();
                try (DecodedImage image = services.decoder().decode(bytes)) {
                    List<Detection> kept = new ArrayList<>();
                    for (Detection d : loaded.detect(image.bgr())) {
                        if (d.score() >= minScore && (classes.isEmpty() || classes.contains(d.className()))) {
                            kept.add(d.clippedTo(image.width(), image.height()));
                        }
                    }
                    return new Result(MODEL, image.width(), image.height(), kept, (System.nanoTime() - start) / 1e6);
                }
            });
        } catch (IOException | ImageRejectedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * The owner's own detection ({@code ?model=custom}, docs/detection.md): the current model version, trained on box
     * crops with a {@code None} background label, scores the candidate regions ({@link ProposalDetector}) of
     * {@code proposals}: {@code windows} ({@link SlidingWindowProposer#DEFAULT}), {@code coco} (the COCO detector's
     * boxes of every class, {@link DetectorProposer}) or {@code both}. A model without a {@code None} label is a
     * classifier, not a detector: 409.
     */
    Result detectCustom(byte[] bytes, Set<String> classes, double minScore, String asked)
            throws IOException, ImageRejectedException {
        String proposals = asked == null ? DEFAULT_PROPOSALS : asked;
        if (asked == null && !"windows".equals(proposals)) {
            try {
                detector();
            } catch (WebException e) {
                if (e.status() != 503) {
                    throw e;
                }
                log.debug("No COCO detector for custom proposals ({}); using sliding windows", e.getMessage());
                proposals = "windows";
            }
        }
        String used = proposals;
        RegionProposer proposer = switch (proposals) {
            case "windows" -> SlidingWindowProposer.DEFAULT;
            case "coco" -> new DetectorProposer(detector());
            case "both" -> RegionProposer.union(new DetectorProposer(detector()), SlidingWindowProposer.DEFAULT, UNION_IOU);
            default -> throw new IllegalArgumentException("unknown proposals " + proposals);
        };
        try {
            return gate.run(() -> {
                long start = System.nanoTime();
                try (DecodedImage image = services.decoder().decode(bytes)) {
                    Optional<Result> result = services.daemon().models().with(LoadedModels.CURRENT, classifier -> {
                        List<String> labels = classifier.labels();
                        if (!labels.contains(ProposalDetector.BACKGROUND)) {
                            throw new WebException(409, "no_detection_model", "the current model (" + classifier.version()
                                    + ") was not trained for detection: it has no '" + ProposalDetector.BACKGROUND
                                    + "' background label. Import boxed photos (docs/detection.md) and train, or use the"
                                    + " COCO detector (leave out model=custom)");
                        }
                        for (String name : classes) {
                            if (!labels.contains(name) || name.equals(ProposalDetector.BACKGROUND)) {
                                throw WebException.badRequest("unknown_class", "unknown class " + LabelRoutes.quote(name)
                                        + "; the current model's labels are " + String.join(", ", labels.stream()
                                        .filter(l -> !l.equals(ProposalDetector.BACKGROUND)).toList()));
                            }
                        }
                        ProposalDetector detector = new ProposalDetector(proposer,
                                RegionClassifier.of(classifier, services.embedder()), minScore, CUSTOM_NMS_IOU);
                        List<Detection> kept = new ArrayList<>();
                        for (LabelledBox found : detector.detect(image.bgr())) {
                            if (classes.isEmpty() || classes.contains(found.label())) {
                                Box b = found.box();
                                kept.add(new Detection(labels.indexOf(found.label()), found.label(), found.score(),
                                        b.x(), b.y(), b.width(), b.height()).clippedTo(image.width(), image.height()));
                            }
                        }
                        return new Result(classifier.version(), image.width(), image.height(), kept,
                                (System.nanoTime() - start) / 1e6, used);
                    });
                    return result.orElseThrow(() -> new WebException(409, "no_model",
                            "no model is trained yet; import boxed photos (docs/detection.md) and train one first"));
                }
            });
        } catch (IOException | ImageRejectedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A detection's box relative to the whole image, as Custom Vision's {@code boundingBox}. */
    static Map<String, Object> box(Detection d, Result result) {
        Detection.RelativeBox box = d.relative(result.width(), result.height());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("left", box.left());
        json.put("top", box.top());
        json.put("width", box.width());
        json.put("height", box.height());
        return json;
    }

    /** Keeps the image in the inbox with each class's best score, as the prediction routes keep theirs. */
    void keep(byte[] bytes, Result result, String source, String zone, String reason) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (Detection d : result.detections()) {
            best.merge(d.className(), d.score(), Math::max);
        }
        List<InboxMeta.Score> scores = new ArrayList<>();
        best.forEach((label, score) -> scores.add(new InboxMeta.Score(label, score)));
        scores.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        AddResult added = services.store().addToInbox(bytes, source, new InboxMeta(zone, services.clock().instant(),
                result.model(), scores, reason + ": " + result.detections().size() + " object(s)"));
        if (added.status() == AddResult.Status.REJECTED) {
            log.info("Detection image not kept in the inbox: {}", Optional.ofNullable(added.message()).orElse("?"));
        }
    }

    private Detector detector() throws IOException {
        Detector current = detector;
        if (current != null) {
            return current;
        }
        synchronized (loading) {
            if (closed) {
                throw new WebException(503, "stopping", "the server is stopping");
            }
            if (detector == null) {
                try {
                    detector = source.load();
                    log.info("Object detector {} loaded for /api/v1/detect", MODEL);
                } catch (ModelNotFoundException e) {
                    throw new WebException(503, "model_missing", "object detection needs the " + MODEL + " model ("
                            + ModelSpec.YOLOX_NANO.fileName() + "), which is not on this device. " + e.getMessage());
                }
            }
            return detector;
        }
    }

    static Set<String> classes(String raw) {
        Set<String> classes = new LinkedHashSet<>();
        if (raw != null) {
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    classes.add(part.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return classes;
    }

    /** The asked-for proposals, or null when the request leaves them to the default. */
    static String proposals(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip().toLowerCase(Locale.ROOT);
        if (!PROPOSALS.contains(value)) {
            throw WebException.badRequest("invalid_proposals", "proposals must be one of " + String.join(", ", PROPOSALS)
                    + " (coco: the COCO detector's boxes of every class, the default; windows: 324 sliding windows; both),"
                    + " was " + LabelRoutes.quote(raw));
        }
        return value;
    }

    static double minScore(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_MIN_SCORE;
        }
        try {
            double value = Double.parseDouble(raw.strip());
            if (value >= 0 && value <= 1) {
                return Math.max(value, FLOOR_SCORE);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw WebException.badRequest("invalid_min_score", "min_score must be a number from 0 to 1, was " + LabelRoutes.quote(raw));
    }

    @Override
    public void close() {
        synchronized (loading) {
            closed = true;
            if (detector != null) {
                detector.close();
                detector = null;
            }
        }
    }
}
