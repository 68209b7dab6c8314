package dev.magpie.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.Split;
import dev.magpie.detect.Box;
import dev.magpie.detect.BoxAnnotation;
import dev.magpie.detect.BoxCropImporter;
import dev.magpie.detect.BoxCsv;
import dev.magpie.detect.Crops;
import dev.magpie.detect.DetectionEvaluator;
import dev.magpie.detect.DetectorProposer;
import dev.magpie.detect.LabelledBox;
import dev.magpie.detect.ProposalDetector;
import dev.magpie.detect.SlidingWindowProposer;
import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.Prediction;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.OnnxBackbone;
import dev.magpie.vision.YoloxDetector;
import java.time.Duration;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opencv.core.Mat;

/**
 * Benchmark main: custom object detection without detector training on the Custom Vision fork/scissors photos
 * (../shared/datasets/azure-customvision-fork-scissors, boxes in boxes.csv, one box per photo). Per seed: 15 photos
 * per label train, the other 5 are held out; the training photos go through {@link BoxCropImporter} (box crops +
 * jittered box crops + None background crops, some of them hard negatives touching the box) into a fresh dataset, the existing {@link TrainingRun} trains the head (default
 * options: 4 augmented views, 20 % of the crops held out for its own metrics), and on the held-out photos three sets of
 * proposals are labelled by that same head, per-class NMS at IoU 0.3, then mAP@0.5 and per-label precision/recall at
 * score 0.5: the sliding-window proposer's windows, the COCO detector's class-agnostic boxes ({@link DetectorProposer}
 * over YOLOX-nano, score 0.05), and both. Proposal embeddings do not depend on the seed, so each photo's proposals are
 * embedded once. Also printed: each proposer's recall bound (share of boxes with a proposal at IoU >= 0.5) and a
 * "top-1 per photo" variant (only each photo's best detection is kept: right when a scene holds one object, as here).
 * <pre>
 * bench/run.sh ForkScissorsDetectionBench [seeds=5] [background=6] [jittered=2] | tee bench/fork-scissors-detection.txt
 * </pre>
 */
public final class ForkScissorsDetectionBench {

    private static final int TRAIN_PER_LABEL = 15;
    private static final double MIN_SCORE = 0.05;
    private static final double NMS_IOU = 0.3;
    private static final double SCORE_THRESHOLD = 0.5;

    private static int background;
    private static int jittered;

    private ForkScissorsDetectionBench() {
    }

    /** The proposals compared: sliding windows, the COCO detector's boxes, and both (COCO first, then the new windows). */
    static final List<String> PROPOSERS = List.of("windows", "coco", "both");
    /** A window is left out of "both" when a COCO proposal overlaps it this much (it would be nearly the same crop). */
    private static final double UNION_IOU = 0.9;

    /** One photo's proposals per proposer, each with its crops' embeddings (same order). */
    private record Proposals(List<Box> boxes, List<float[]> embeddings) {
    }

    /** Not a proposer: YOLOX's own detections of the classes whose COCO names are the labels (fork, scissors), no head. */
    static final String YOLOX_OWN = "yolox-own";

    private record Photo(String path, String label, byte[] bytes, List<LabelledBox> truth, Map<String, Proposals> proposals,
                         List<LabelledBox> yoloxOwn) {
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        background = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        jittered = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");
        BoxCsv.Parsed parsed = BoxCsv.parse(Files.readString(dir.resolve("boxes.csv")));
        if (!parsed.problems().isEmpty()) {
            throw new IllegalStateException("boxes.csv: " + parsed.problems());
        }
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        SlidingWindowProposer proposer = SlidingWindowProposer.DEFAULT;
        System.out.printf(Locale.ROOT, "fork/scissors detection bench: %d seeds, %d train photos/label, rest held out; java %s, %s%n",
                seeds, TRAIN_PER_LABEL, System.getProperty("java.version"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "proposals: sliding windows (widths/heights 0.3,0.45,0.6,0.8 of the frame, stride 1/3 window); "
                + "crops: padded squares; head: TrainingRun defaults; detections: p(label) >= %.2f, per-class NMS IoU %.1f; "
                + "P/R at score >= %.1f%n", MIN_SCORE, NMS_IOU, SCORE_THRESHOLD);
        System.out.printf(Locale.ROOT, "training crops per photo: the box, %d jittered boxes (IoU >= %.1f, labelled as the box), "
                + "%d None crops (IoU <= 0.3 with the box, every second one touching it)%n", jittered, BoxCropImporter.MIN_POSITIVE_IOU, background);
        System.out.printf(Locale.ROOT, "COCO-detector proposals: YOLOX-nano (%s), all 80 classes, score >= %.2f, its per-class NMS, then "
                + "class-agnostic dedup at IoU 0.7, at most 100 boxes, each padded 5 %% per side; both = COCO boxes + the windows no "
                + "COCO box overlaps at IoU >= %.1f. One head per seed, trained once, scores all three.%n",
                ModelSpec.YOLOX_NANO.fileName(), DetectorProposer.SCORE_THRESHOLD, UNION_IOU);

        Map<String, List<Photo>> byLabel = new TreeMap<>();
        java.util.Set<String> labelNames = new java.util.TreeSet<>();
        parsed.boxes().forEach(a -> labelNames.add(a.label()));
        Map<String, Map<String, Integer>> matchedClasses = new TreeMap<>(); // label -> COCO class of the best raw box -> count
        Map<String, long[]> counts = new LinkedHashMap<>(); // proposals, covered boxes
        Map<String, Double> bestIouSums = new LinkedHashMap<>();
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (String name : PROPOSERS) {
            counts.put(name, new long[2]);
            bestIouSums.put(name, 0.0);
            nanos.put(name, 0L);
        }
        ModelResolver resolver = new ModelResolver(Path.of("daemon", "target", "no-model-cache"), List.of(SharedFiles.models()), false,
                Duration.ofSeconds(1));
        try (OnnxBackbone backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
             YoloxDetector yolox = YoloxDetector.load(resolver.resolve(ModelSpec.YOLOX_NANO, Optional.empty()), InferenceSettings.DEFAULT,
                     DetectorSettings.DEFAULT.withScoreThreshold(DetectorProposer.SCORE_THRESHOLD))) {
            DetectorProposer coco = new DetectorProposer(yolox);
            for (BoxAnnotation a : parsed.boxes()) {
                byte[] bytes = Files.readAllBytes(dir.resolve(a.path()));
                try (DecodedImage image = decoder.decode(bytes)) {
                    Box truth = a.inPixels(image.width(), image.height());
                    Map<String, Proposals> proposals = new LinkedHashMap<>();
                    long t = System.nanoTime();
                    List<Box> windows = proposer.propose(image.bgr());
                    proposals.put("windows", new Proposals(windows, embed(image.bgr(), windows, backbone)));
                    nanos.merge("windows", System.nanoTime() - t, Long::sum);
                    t = System.nanoTime();
                    List<Box> cocoBoxes = coco.propose(image.bgr());
                    List<LabelledBox> own = new ArrayList<>();
                    String bestClass = "(none)";
                    double bestRaw = 0;
                    for (dev.magpie.vision.Detection d : yolox.detect(image.bgr())) {
                        dev.magpie.vision.Detection c = d.clippedTo(image.width(), image.height());
                        Box b = new Box(c.x(), c.y(), c.width(), c.height());
                        if (labelNames.contains(d.className())) {
                            own.add(new LabelledBox(d.className(), d.score(), b));
                        }
                        if (b.iou(truth) > Math.max(bestRaw, 0.5 - 1e-9)) {
                            bestRaw = b.iou(truth);
                            bestClass = d.className();
                        }
                    }
                    matchedClasses.computeIfAbsent(a.label(), k -> new TreeMap<>()).merge(bestClass, 1, Integer::sum);
                    proposals.put("coco", new Proposals(cocoBoxes, embed(image.bgr(), cocoBoxes, backbone)));
                    nanos.merge("coco", System.nanoTime() - t, Long::sum);
                    List<Box> both = new ArrayList<>(cocoBoxes);
                    List<float[]> bothEmbeddings = new ArrayList<>(proposals.get("coco").embeddings());
                    for (int i = 0; i < windows.size(); i++) {
                        Box w = windows.get(i);
                        if (cocoBoxes.stream().noneMatch(c -> c.iou(w) >= UNION_IOU)) {
                            both.add(w);
                            bothEmbeddings.add(proposals.get("windows").embeddings().get(i));
                        }
                    }
                    proposals.put("both", new Proposals(both, bothEmbeddings));
                    for (String name : PROPOSERS) {
                        double best = 0;
                        for (Box b : proposals.get(name).boxes()) {
                            best = Math.max(best, b.iou(truth));
                        }
                        bestIouSums.merge(name, best, Double::sum);
                        counts.get(name)[0] += proposals.get(name).boxes().size();
                        counts.get(name)[1] += best >= 0.5 ? 1 : 0;
                    }
                    byLabel.computeIfAbsent(a.label(), k -> new ArrayList<>())
                            .add(new Photo(a.path(), a.label(), bytes, List.of(LabelledBox.truth(a.label(), truth)), proposals, own));
                }
            }
            int photos = parsed.boxes().size();
            System.out.printf(Locale.ROOT, "%d photos; per proposer: proposals per photo (mean), proposal + embedding time, "
                    + "proposal recall bound @0.5 (boxes with a proposal at IoU >= 0.5), mean best-proposal IoU%n", photos);
            for (String name : PROPOSERS) {
                long[] c = counts.get(name);
                String time = name.equals("both") ? "(reuses the two above)"
                        : String.format(Locale.ROOT, "%.1f s", nanos.get(name) / 1e9);
                System.out.printf(Locale.ROOT, "  %-7s %6.1f proposals/photo, %-22s recall bound %d/%d (%.1f %%), mean best IoU %.3f%n",
                        name, (double) c[0] / photos, time, c[1], photos, 100.0 * c[1] / photos, bestIouSums.get(name) / photos);
            }
            System.out.println("COCO class of YOLOX's best box at IoU >= 0.5 with the true box (score >= 0.05, before the dedup), per label: "
                    + matchedClasses);
            System.out.println("yolox-own = YOLOX alone, no head: its own detections of the COCO classes named like the labels (fork and scissors"
                    + " are COCO classes, so this bench is easy for COCO proposals; objects COCO does not know would not be).");
            System.out.println();

            System.out.printf(Locale.ROOT, "%-5s | %-9s | %-8s | %-40s | %-40s | %s%n", "seed", "props", "mAP@0.5", "per label AP / P / R (all detections)",
                    "top-1 per photo: mAP, per label P / R", "crop-classifier held-out acc, train s");
            Map<String, List<double[]>> all = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>(byLabel.keySet());
            for (int seed = 1; seed <= seeds; seed++) {
                runSeed(seed, byLabel, labels, decoder, backbone).forEach((name, row) -> all.computeIfAbsent(name, k -> new ArrayList<>()).add(row));
            }
            System.out.println();
            for (String name : all.keySet()) {
                List<double[]> rows = all.get(name);
                double[] mean = new double[rows.get(0).length];
                for (double[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        mean[i] += r[i] / rows.size();
                    }
                }
                System.out.printf(Locale.ROOT, "%-9s MEAN over %d seeds: mAP@0.5 %.3f", name, seeds, mean[0]);
                for (int l = 0; l < labels.size(); l++) {
                    System.out.printf(Locale.ROOT, " | %s AP %.3f P %.3f R %.3f", labels.get(l), mean[1 + 3 * l], mean[2 + 3 * l], mean[3 + 3 * l]);
                }
                int o = 1 + 3 * labels.size();
                System.out.printf(Locale.ROOT, "%n%-9s top-1 per photo, MEAN: mAP@0.5 %.3f", name, mean[o]);
                for (int l = 0; l < labels.size(); l++) {
                    System.out.printf(Locale.ROOT, " | %s P %.3f R %.3f", labels.get(l), mean[o + 1 + 2 * l], mean[o + 2 + 2 * l]);
                }
                System.out.println();
            }
        }
    }

    private static List<float[]> embed(Mat bgr, List<Box> boxes, OnnxBackbone backbone) throws Exception {
        List<float[]> embeddings = new ArrayList<>();
        for (int from = 0; from < boxes.size(); from += 32) {
            List<Mat> crops = new ArrayList<>();
            for (Box w : boxes.subList(from, Math.min(boxes.size(), from + 32))) {
                crops.add(Crops.paddedSquare(bgr, w));
            }
            embeddings.addAll(backbone.embedAll(crops));
            crops.forEach(Mat::release);
        }
        return embeddings;
    }

    private static Map<String, double[]> runSeed(int seed, Map<String, List<Photo>> byLabel, List<String> labels, ImageDecoder decoder,
                                                 OnnxBackbone backbone) throws Exception {
        List<Photo> train = new ArrayList<>();
        List<Photo> test = new ArrayList<>();
        for (List<Photo> photos : byLabel.values()) {
            List<Photo> shuffled = new ArrayList<>(photos);
            shuffled.sort(Comparator.comparing(Photo::path));
            Collections.shuffle(shuffled, new Random(seed));
            train.addAll(shuffled.subList(0, TRAIN_PER_LABEL));
            test.addAll(shuffled.subList(TRAIN_PER_LABEL, shuffled.size()));
        }
        Path dataDir = Files.createTempDirectory("magpie-detect-bench");
        long t0 = System.nanoTime();
        TrainingResult result;
        Map<String, List<DetectionEvaluator.ImageResult>> results = new LinkedHashMap<>();
        Map<String, List<DetectionEvaluator.ImageResult>> top1 = new LinkedHashMap<>();
        double trainSeconds;
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            BoxCropImporter importer = new BoxCropImporter(store, decoder, background, 0.3, jittered, seed);
            for (Photo p : train) {
                List<BoxAnnotation> boxes; // truth is in pixels; the importer wants relative boxes
                try (DecodedImage image = decoder.decode(p.bytes())) {
                    Box rel = p.truth().get(0).box().relativeTo(image.width(), image.height());
                    boxes = List.of(new BoxAnnotation(p.path(), p.label(), rel, Split.UNASSIGNED));
                }
                importer.importPhoto(p.bytes(), p.path(), boxes, Split.UNASSIGNED);
            }
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            result = new TrainingRun(store, decoder, backbone, registry, TrainingOptions.defaults(seed), Clock.systemUTC())
                    .run(ProgressListener.NONE);
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            try (Classifier classifier = Classifier.load(registry, result.version(), backbone)) {
                for (Photo p : test) {
                    for (String name : PROPOSERS) {
                        Proposals proposals = p.proposals().get(name);
                        List<List<Prediction.LabelScore>> scores = new ArrayList<>();
                        for (float[] e : proposals.embeddings()) {
                            scores.add(classifier.decide(e).scores());
                        }
                        List<LabelledBox> detections = ProposalDetector.decide(proposals.boxes(), scores, MIN_SCORE, NMS_IOU);
                        results.computeIfAbsent(name, k -> new ArrayList<>()).add(new DetectionEvaluator.ImageResult(p.truth(), detections));
                        top1.computeIfAbsent(name, k -> new ArrayList<>()).add(new DetectionEvaluator.ImageResult(p.truth(),
                                detections.isEmpty() ? List.of() : detections.subList(0, 1)));
                    }
                    List<LabelledBox> own = new ArrayList<>(p.yoloxOwn());
                    own.sort((x, y) -> Double.compare(y.score(), x.score()));
                    results.computeIfAbsent(YOLOX_OWN, k -> new ArrayList<>()).add(new DetectionEvaluator.ImageResult(p.truth(), own));
                    top1.computeIfAbsent(YOLOX_OWN, k -> new ArrayList<>()).add(new DetectionEvaluator.ImageResult(p.truth(),
                            own.isEmpty() ? List.of() : own.subList(0, 1)));
                }
            }
        } finally {
            deleteTree(dataDir);
        }
        DetectionEvaluator evaluator = new DetectionEvaluator(0.5, SCORE_THRESHOLD);
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (String name : results.keySet()) {
            DetectionEvaluator.Report report = evaluator.evaluate(results.get(name));
            DetectionEvaluator.Report report1 = evaluator.evaluate(top1.get(name));
            double[] row = new double[1 + 3 * labels.size() + 1 + 2 * labels.size()];
            row[0] = report.meanAp();
            StringBuilder perLabel = new StringBuilder();
            StringBuilder perLabel1 = new StringBuilder(String.format(Locale.ROOT, "%.3f", report1.meanAp()));
            int o = 1 + 3 * labels.size();
            row[o] = report1.meanAp();
            for (int l = 0; l < labels.size(); l++) {
                DetectionEvaluator.LabelScore s = report.perLabel().get(labels.get(l));
                DetectionEvaluator.LabelScore s1 = report1.perLabel().get(labels.get(l));
                row[1 + 3 * l] = s == null ? 0 : s.ap();
                row[2 + 3 * l] = s == null ? 1 : s.precision();
                row[3 + 3 * l] = s == null ? 0 : s.recall();
                row[o + 1 + 2 * l] = s1 == null ? 1 : s1.precision();
                row[o + 2 + 2 * l] = s1 == null ? 0 : s1.recall();
                perLabel.append(String.format(Locale.ROOT, "%s %.2f/%.2f/%.2f ", labels.get(l), row[1 + 3 * l], row[2 + 3 * l], row[3 + 3 * l]));
                perLabel1.append(String.format(Locale.ROOT, " %s %.2f/%.2f", labels.get(l), row[o + 1 + 2 * l], row[o + 2 + 2 * l]));
            }
            System.out.printf(Locale.ROOT, "%-5d | %-9s | %-8.3f | %-40s | %-40s | %s%n", seed, name, report.meanAp(),
                    perLabel.toString().trim(), perLabel1, name.equals(YOLOX_OWN) ? "n/a (no head)"
                            : String.format(Locale.ROOT, "%.3f, %.1f s", result.metrics().accuracy(), trainSeconds));
            rows.put(name, row);
        }
        return rows;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
