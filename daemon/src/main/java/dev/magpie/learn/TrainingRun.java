package dev.magpie.learn;

import ai.onnxruntime.OrtException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.vision.Augmenter;
import dev.magpie.vision.Embedder;
import dev.magpie.vision.ImageDecoder;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run, start to finish: labelled images → cached embeddings (plus augmented views of training images)
 * → stratified split → head → evaluation of the exported head.onnx on the held-out images → open-set rule → a new
 * model version in the registry. The new version is not made current here; the caller decides.
 */
public final class TrainingRun {

    private final DatasetStore store;
    private final ImageDecoder decoder;
    private final Embedder embedder;
    private final ModelRegistry registry;
    private final TrainingOptions options;
    private final Clock clock;

    public TrainingRun(DatasetStore store, ImageDecoder decoder, Embedder embedder, ModelRegistry registry,
                       TrainingOptions options, Clock clock) {
        this.store = store;
        this.decoder = decoder;
        this.embedder = embedder;
        this.registry = registry;
        this.options = options;
        this.clock = clock;
    }

    public TrainingResult run(ProgressListener listener) throws IOException {
        Map<String, Long> durations = new LinkedHashMap<>();
        long start = System.nanoTime();
        Optional<ModelSummary> previous = currentSummary();

        List<StoredImage> images = labelledImages();
        List<String> labelNames = new ArrayList<>();
        for (LabelName label : store.labels()) {
            if (countOf(images, label) > 0) {
                labelNames.add(label.value());
            }
        }
        checkEnoughData(images, labelNames);
        int[] labelIndex = new int[images.size()];
        Splitter.Assignment[] assigned = new Splitter.Assignment[images.size()];
        for (int i = 0; i < images.size(); i++) {
            labelIndex[i] = labelNames.indexOf(images.get(i).label().orElseThrow().value());
            assigned[i] = assignment(images.get(i).split());
        }
        Splitter.Split split = new Splitter(options.heldOutFraction(), options.head().seed())
                .split(labelIndex, labelNames.size(), assigned);
        if (split.heldOutRows().length == 0) {
            throw new NotEnoughDataException("no image is left to evaluate on; add more images per label (at least 5)");
        }
        recordSplit(images, split);

        List<DatasetEmbeddings.Request> requests = new ArrayList<>();
        boolean[] training = new boolean[images.size()];
        for (int row : split.trainRows()) {
            training[row] = true;
        }
        for (int i = 0; i < images.size(); i++) {
            requests.add(new DatasetEmbeddings.Request(images.get(i), training[i] ? options.augmentedViews() : 0));
        }
        Map<String, float[][]> embeddings = new DatasetEmbeddings(store, decoder, embedder,
                new Augmenter(options.head().seed()), options.batchSize()).embed(requests, listener);
        durations.put("embedding", millisSince(start));

        TrainingSet trainSet = trainingSet(split.trainRows(), images, labelIndex, labelNames, embeddings);
        TrainedHead trained = new HeadTrainer(options.head()).train(trainSet, listener);
        durations.put("prepare", trained.prepareMillis());
        durations.put("train", trained.trainMillis());
        durations.put("export", trained.exportMillis());

        long evaluationStart = System.nanoTime();
        listener.progress(ProgressListener.Phase.EVALUATING, 0, split.heldOutRows().length);
        Metrics metrics = evaluate(trained.onnx(), split.heldOutRows(), images, labelIndex, labelNames, embeddings);
        Optional<Metrics> previousOnSameImages = evaluatePrevious(previous, split.heldOutRows(), images, labelIndex,
                labelNames, embeddings);
        listener.progress(ProgressListener.Phase.EVALUATING, split.heldOutRows().length, split.heldOutRows().length);
        OpenSetRule openSet = OpenSetRule.fit(trainSet, options.openSetPercentile(), options.openSetMargin(), options.minConfidence());
        durations.put("evaluate", millisSince(evaluationStart));
        durations.put("total", millisSince(start));

        Map<String, Integer> perLabel = new LinkedHashMap<>();
        for (int row : split.trainRows()) {
            perLabel.merge(labelNames.get(labelIndex[row]), 1, Integer::sum);
        }
        TrainingRecord record = new TrainingRecord(store.fingerprint(), options.head(), durations, embedder.id(),
                embedder.sha256(), options.head().seed(), clock.instant().toString(),
                new TrainingRecord.Counts(split.trainRows().length, split.heldOutRows().length, options.augmentedViews(), perLabel));
        String version = registry.create(new ModelArtifacts(trained.onnx(), labelNames, metrics, openSet, record));
        return new TrainingResult(version, metrics, record, previous, previousOnSameImages);
    }

    /** Keeps the split of images that had none, so the next run holds out the same images and scores compare. */
    private void recordSplit(List<StoredImage> images, Splitter.Split split) {
        Map<String, Split> chosen = new LinkedHashMap<>();
        for (int row : split.trainRows()) {
            if (images.get(row).split() == Split.UNASSIGNED) {
                chosen.put(images.get(row).sha256(), Split.TRAIN);
            }
        }
        for (int row : split.heldOutRows()) {
            if (images.get(row).split() == Split.UNASSIGNED) {
                chosen.put(images.get(row).sha256(), Split.TEST);
            }
        }
        if (!chosen.isEmpty()) {
            store.setSplits(chosen);
        }
    }

    private Optional<ModelSummary> currentSummary() throws IOException {
        Optional<String> current = registry.current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        for (ModelSummary summary : registry.list()) {
            if (summary.version().equals(current.get())) {
                return Optional.of(summary);
            }
        }
        return Optional.empty();
    }

    private List<StoredImage> labelledImages() {
        List<StoredImage> labelled = new ArrayList<>();
        for (StoredImage image : store.images()) {
            if (image.label().isPresent()) {
                labelled.add(image);
            }
        }
        return labelled;
    }

    private static long countOf(List<StoredImage> images, LabelName label) {
        long count = 0;
        for (StoredImage image : images) {
            if (image.label().orElse(null) != null && image.label().get().equals(label)) {
                count++;
            }
        }
        return count;
    }

    private static void checkEnoughData(List<StoredImage> images, List<String> labelNames) {
        if (labelNames.size() < 2) {
            throw new NotEnoughDataException("training needs at least 2 labels with images, found " + labelNames.size()
                    + (labelNames.isEmpty() ? "" : " (" + labelNames.get(0) + ")")
                    + "; add a second label, for example None for 'nothing of interest'");
        }
        for (String name : labelNames) {
            long count = countOf(images, LabelName.of(name));
            if (count < 2) {
                throw new NotEnoughDataException("label " + name + " has " + count
                        + " image; each label needs at least 2 (one to train on, one to test), and 10-20 to work well");
            }
        }
    }

    private static Splitter.Assignment assignment(Split split) {
        return switch (split) {
            case TRAIN -> Splitter.Assignment.TRAIN;
            case TEST -> Splitter.Assignment.HELD_OUT;
            case UNASSIGNED -> Splitter.Assignment.UNASSIGNED;
        };
    }

    private static TrainingSet trainingSet(int[] rows, List<StoredImage> images, int[] labelIndex, List<String> labelNames,
                                           Map<String, float[][]> embeddings) {
        float[][] x = new float[rows.length][];
        int[] y = new int[rows.length];
        float[][][] views = new float[rows.length][][];
        for (int i = 0; i < rows.length; i++) {
            float[][] all = embeddings.get(images.get(rows[i]).sha256());
            x[i] = all[0];
            y[i] = labelIndex[rows[i]];
            views[i] = java.util.Arrays.copyOfRange(all, 1, all.length);
        }
        return new TrainingSet(x, y, labelNames, views);
    }

    /** Scores the held-out images with the exported ONNX head, so the numbers describe exactly what gets deployed. */
    private Metrics evaluate(byte[] onnx, int[] rows, List<StoredImage> images, int[] labelIndex, List<String> labelNames,
                             Map<String, float[][]> embeddings) throws IOException {
        float[][] x = new float[rows.length][];
        int[] truth = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = embeddings.get(images.get(rows[i]).sha256())[0];
            truth[i] = labelIndex[rows[i]];
        }
        try (HeadModel head = HeadModel.load(onnx)) {
            return new Evaluator(options.threshold()).evaluate(head.probabilities(x), truth, labelNames);
        } catch (OrtException e) {
            throw new IOException("the exported head could not be run: " + e.getMessage(), e);
        }
    }

    /**
     * The current model scored on this run's held-out images, so "is the new model better?" compares two models on
     * the same photos. Only possible when both have the same labels; a changed label set has no common yardstick.
     */
    private Optional<Metrics> evaluatePrevious(Optional<ModelSummary> previous, int[] rows, List<StoredImage> images,
                                               int[] labelIndex, List<String> labelNames, Map<String, float[][]> embeddings)
            throws IOException {
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        ModelArtifacts artifacts = registry.read(previous.get().version());
        if (!artifacts.labels().equals(labelNames) || !artifacts.training().backboneSha256().equals(embedder.sha256())) {
            return Optional.empty();
        }
        return Optional.of(evaluate(artifacts.headOnnx(), rows, images, labelIndex, labelNames, embeddings));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
