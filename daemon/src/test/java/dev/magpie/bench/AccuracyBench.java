package dev.magpie.bench;

import dev.magpie.learn.BaselineClassifier;
import dev.magpie.learn.Embeddings;
import dev.magpie.learn.HeadTrainer;
import dev.magpie.learn.HeadTrainingParameters;
import dev.magpie.learn.KNearestNeighbours;
import dev.magpie.learn.LinearHead;
import dev.magpie.learn.NearestCentroid;
import dev.magpie.learn.PlainLogisticRegression;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.Splitter;
import dev.magpie.learn.TrainedHead;
import dev.magpie.learn.TrainingSet;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.Augmenter;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.OnnxBackbone;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.opencv.core.Mat;

/**
 * Benchmark main (not a test): the accuracy bar of "Learn on the device". For every dataset under
 * {@code shared/datasets} (one folder per label) it embeds each image once (view 0) plus {@code V} augmented views,
 * caches them under {@code daemon/target/bench-cache/} (keyed by dataset, backbone sha256, view count and file list),
 * then for 5, 10 and 20 training images per label and the stratified 80/20 split, over 5 seeds, scores Magpie's head
 * against nearest centroid, k-NN (k in 1-5 chosen by leave-one-out on the training rows) and plain L2 logistic
 * regression (lambda = 1 / n_train, un-augmented embeddings), all on the same embeddings in the same run.
 * <p>
 * The seed picks the training images; every other image is the test set (no cap). Only Magpie's head sees the
 * augmented views; the baselines fit the original (view 0) embeddings. Accuracy is top-1; macro-F1 is the mean of the
 * per-label F1 of the top-1 predictions (argmax, no threshold), so all four contenders are scored alike.
 * <pre>
 * bench/run.sh AccuracyBench [views=4] [seeds=5] [dataset-name-filter] | tee bench/accuracy.txt
 * </pre>
 */
public final class AccuracyBench {

    private static final int[] SHOTS = {5, 10, 20};
    static final long AUGMENT_SEED = 7L;
    /** The augmenter's crop rule; MAGPIE_BENCH_CROP (fixed, native, scaled, none) overrides it for tuning runs. */
    static final Augmenter.Crop CROP = System.getenv("MAGPIE_BENCH_CROP") == null ? Augmenter.DEFAULT_CROP
            : Augmenter.Crop.valueOf(System.getenv("MAGPIE_BENCH_CROP").toUpperCase(Locale.ROOT));
    private static final int MAX_K = 5;
    private static final String[] CONTENDERS = {"magpie-head", "centroid", "knn-loo", "plain-lr"};
    private static final int MAGPIE = 0;

    private AccuracyBench() {
    }

    /** One dataset's embeddings: {@code views[i][0]} is image i itself, {@code views[i][1..V]} its augmented views. */
    record Data(String name, List<String> labels, int[] labelIndex, float[][][] views, long embedMillis,
                        boolean fromCache) {
        int rows() {
            return labelIndex.length;
        }

        float[] original(int i) {
            return views[i][0];
        }
    }

    /** Mean over seeds of one contender under one protocol. */
    private record Score(double accuracy, double macroF1) {
    }

    public static void main(String[] args) throws Exception {
        int viewCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : "";
        Path datasetsDir = SharedFiles.datasets();
        Path backboneFile = SharedFiles.backbone();
        Path cacheDir = Path.of("daemon", "target", "bench-cache");
        Files.createDirectories(cacheDir);
        HeadTrainingParameters headParameters = HeadTrainingParameters.DEFAULTS;
        System.out.printf(Locale.ROOT, "accuracy bench: %d augmented views/image (%s), %d seeds, head %s, java %s, %s%n",
                viewCount, augmenter().version(), seeds, headParameters, System.getProperty("java.version"), System.getProperty("os.arch"));
        System.out.println("protocol: the seed picks the training images per label; all other images are the test set (no cap).");
        System.out.println("magpie-head trains on the training images + their augmented views; the baselines on the originals only.");
        System.out.println("knn-loo: k in 1-5 picked per split by leave-one-out accuracy on the training images (ties -> smaller k);");
        System.out.println("  knn-oracle (k picked by best mean test accuracy, optimistic) is printed for reference only.");
        System.out.println("macro-F1: mean per-label F1 of the top-1 prediction (argmax, no threshold) for every contender.");
        System.out.println();

        List<Path> datasets;
        try (Stream<Path> list = Files.list(datasetsDir)) {
            datasets = list.filter(Files::isDirectory).filter(p -> p.getFileName().toString().contains(filter)).sorted().toList();
        }
        List<double[]> allCells = new ArrayList<>(); // per (dataset, protocol): acc x4 then f1 x4
        List<String> cellNames = new ArrayList<>();
        List<String> timing = new ArrayList<>();
        try (OnnxBackbone backbone = OnnxBackbone.mobileNetV2(backboneFile, InferenceSettings.DEFAULT)) {
            for (Path dir : datasets) {
                Data data = load(dir, backbone, viewCount, cacheDir);
                System.out.printf(Locale.ROOT, "== %s: %d images, %d labels %s%n", data.name(), data.rows(), data.labels().size(),
                        countsPerLabel(data));
                System.out.printf(Locale.ROOT, "%-10s %7s | %-27s | %-27s | %-27s | %-27s | %s%n", "protocol", "train",
                        "magpie-head acc / F1", "centroid acc / F1", "knn-loo acc / F1 (k)", "plain-lr acc / F1", "knn-oracle acc (k)");
                List<String> protocols = new ArrayList<>();
                for (int shot : SHOTS) {
                    protocols.add(shot + "/label");
                }
                protocols.add("80/20");
                for (String protocol : protocols) {
                    int shot = protocol.endsWith("/label") ? Integer.parseInt(protocol.substring(0, protocol.indexOf('/'))) : -1;
                    if (shot > 0 && minPerLabel(data) <= shot) {
                        System.out.printf(Locale.ROOT, "%-10s %7s | n/a: a label has only %d images, none left to test%n",
                                protocol, "-", minPerLabel(data));
                        continue;
                    }
                    double[] cell = evaluate(data, shot, seeds, viewCount, headParameters, protocol);
                    allCells.add(cell);
                    cellNames.add(data.name() + " " + protocol);
                }
                long t0 = System.nanoTime();
                TrainedHead full = new HeadTrainer(headParameters).train(trainingSet(data, allRows(data), viewCount), ProgressListener.NONE);
                long headMillis = (System.nanoTime() - t0) / 1_000_000;
                String line = String.format(Locale.ROOT,
                        "%-34s full retrain: embed %d images x %d views = %.1f s (%.1f ms/embedding)%s; head on %d rows %d ms (optimiser %d ms)",
                        data.name(), data.rows(), 1 + viewCount, data.embedMillis() / 1000.0,
                        (double) data.embedMillis() / (data.rows() * (1 + viewCount)), data.fromCache() ? " [timed when cached]" : "",
                        full.trainingRows(), headMillis, full.trainMillis());
                timing.add(line);
                System.out.println(line);
                System.out.println();
            }
        }
        summarise(allCells, cellNames, timing);
    }

    /** Runs every contender over the seeds; prints one table row; returns mean acc[4] then mean F1[4]. */
    private static double[] evaluate(Data data, int shot, int seeds, int viewCount, HeadTrainingParameters headParameters,
                                     String protocol) {
        int contenders = CONTENDERS.length;
        double[] acc = new double[contenders];
        double[] f1 = new double[contenders];
        double[] oracleAcc = new double[MAX_K + 1];
        int[] chosenK = new int[MAX_K + 1];
        int trainSize = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            int[][] split = shot > 0 ? shotSplit(data, shot, seed) : eightyTwenty(data, seed);
            int[] train = split[0];
            int[] test = split[1];
            trainSize += train.length;
            int labels = data.labels().size();
            float[][] trainX = new float[train.length][];
            int[] trainY = new int[train.length];
            for (int i = 0; i < train.length; i++) {
                trainX[i] = data.original(train[i]);
                trainY[i] = data.labelIndex()[train[i]];
            }
            int[] truth = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                truth[i] = data.labelIndex()[test[i]];
            }

            LinearHead head = new HeadTrainer(headParameters.withSeed(seed))
                    .train(trainingSet(data, train, viewCount), ProgressListener.NONE).head();
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                predicted[i] = Embeddings.argmax(head.probabilities(data.original(test[i])));
            }
            add(acc, f1, MAGPIE, predicted, truth, labels);

            add(acc, f1, 1, predictAll(new NearestCentroid(), trainX, trainY, labels, data, test), truth, labels);

            int k = leaveOneOutK(trainX, trainY, labels);
            chosenK[k]++;
            add(acc, f1, 2, predictAll(new KNearestNeighbours(k), trainX, trainY, labels, data, test), truth, labels);

            add(acc, f1, 3, predictAll(new PlainLogisticRegression(), trainX, trainY, labels, data, test), truth, labels);

            for (int kk = 1; kk <= MAX_K; kk++) {
                oracleAcc[kk] += accuracy(predictAll(new KNearestNeighbours(kk), trainX, trainY, labels, data, test), truth);
            }
        }
        for (int c = 0; c < contenders; c++) {
            acc[c] /= seeds;
            f1[c] /= seeds;
        }
        int oracleK = 1;
        for (int kk = 1; kk <= MAX_K; kk++) {
            oracleAcc[kk] /= seeds;
            if (oracleAcc[kk] > oracleAcc[oracleK]) {
                oracleK = kk;
            }
        }
        StringBuilder ks = new StringBuilder();
        for (int kk = 1; kk <= MAX_K; kk++) {
            for (int n = 0; n < chosenK[kk]; n++) {
                ks.append(kk);
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %7.1f | %12.1f / %12.1f | %12.1f / %12.1f | %6.1f / %6.1f (k=%s) | %12.1f / %12.1f | %.1f (k=%d)%n",
                protocol, (double) trainSize / seeds, 100 * acc[0], 100 * f1[0], 100 * acc[1], 100 * f1[1],
                100 * acc[2], 100 * f1[2], pad(ks.toString(), 8), 100 * acc[3], 100 * f1[3], 100 * oracleAcc[oracleK], oracleK);
        double[] cell = new double[2 * contenders];
        System.arraycopy(acc, 0, cell, 0, contenders);
        System.arraycopy(f1, 0, cell, contenders, contenders);
        return cell;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static void summarise(List<double[]> cells, List<String> names, List<String> timing) {
        int contenders = CONTENDERS.length;
        double[] meanAcc = new double[contenders];
        double[] meanF1 = new double[contenders];
        for (double[] cell : cells) {
            for (int c = 0; c < contenders; c++) {
                meanAcc[c] += cell[c] / cells.size();
                meanF1[c] += cell[contenders + c] / cells.size();
            }
        }
        System.out.println("== summary over " + cells.size() + " (dataset, protocol) cells, each the mean of its seeds");
        for (int c = 0; c < contenders; c++) {
            System.out.printf(Locale.ROOT, "%-12s mean accuracy %5.1f, mean macro-F1 %5.1f%n", CONTENDERS[c], 100 * meanAcc[c], 100 * meanF1[c]);
        }
        boolean beatsAll = true;
        for (int c = 1; c < contenders; c++) {
            beatsAll &= meanAcc[MAGPIE] > meanAcc[c] && meanF1[MAGPIE] > meanF1[c];
        }
        System.out.println("Magpie beats all three on average (mean accuracy and mean macro-F1 over all cells): " + (beatsAll ? "yes" : "no"));

        double worstGap = Double.NEGATIVE_INFINITY;
        String worstAt = "-";
        double worstAnyGap = Double.NEGATIVE_INFINITY;
        String worstAnyAt = "-";
        for (int i = 0; i < cells.size(); i++) {
            double[] cell = cells.get(i);
            double best = 0;
            double bestF1 = 0;
            for (int c = 1; c < contenders; c++) {
                best = Math.max(best, cell[c]);
                bestF1 = Math.max(bestF1, cell[contenders + c]);
            }
            double gap = 100 * Math.max(best - cell[MAGPIE], bestF1 - cell[contenders + MAGPIE]);
            if (names.get(i).endsWith(" 20/label") && gap > worstGap) {
                worstGap = gap;
                worstAt = names.get(i);
            }
            if (gap > worstAnyGap) {
                worstAnyGap = gap;
                worstAnyAt = names.get(i);
            }
        }
        System.out.printf(Locale.ROOT,
                "never trails the best baseline by more than 1 point at 20/label: %s (worst gap %+.1f points on %s; gap = best baseline minus magpie, accuracy or macro-F1, whichever is larger; datasets with <= 20 images per label have no 20/label cell)%n",
                worstGap <= 1.0 ? "yes" : "no", worstGap, worstAt);
        System.out.printf(Locale.ROOT, "worst gap in any cell: %+.1f points on %s%n", worstAnyGap, worstAnyAt);
        System.out.println("== full retrain time per dataset (one core for embedding, one thread for the head)");
        timing.forEach(System.out::println);
    }

    private static void add(double[] acc, double[] f1, int contender, int[] predicted, int[] truth, int labels) {
        acc[contender] += accuracy(predicted, truth);
        f1[contender] += macroF1(predicted, truth, labels);
    }

    private static int[] predictAll(BaselineClassifier classifier, float[][] trainX, int[] trainY, int labels, Data data, int[] test) {
        classifier.fit(trainX, trainY, labels);
        int[] out = new int[test.length];
        for (int i = 0; i < test.length; i++) {
            out[i] = classifier.predict(data.original(test[i]));
        }
        return out;
    }

    static double accuracy(int[] predicted, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /** Mean F1 of the top-1 predictions over the labels that occur in the truth. */
    static double macroF1(int[] predicted, int[] truth, int labels) {
        int[] tp = new int[labels];
        int[] fp = new int[labels];
        int[] fn = new int[labels];
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                tp[truth[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < labels; c++) {
            if (tp[c] + fn[c] == 0) {
                continue;
            }
            present++;
            sum += tp[c] == 0 ? 0 : 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return present == 0 ? 0 : sum / present;
    }

    /**
     * k in 1..5 with the best leave-one-out accuracy on the training rows, voting exactly as
     * {@link KNearestNeighbours} does (majority, ties to the larger summed similarity); ties between k go to the smaller.
     */
    static int leaveOneOutK(float[][] trainX, int[] trainY, int labels) {
        int n = trainX.length;
        float[][] units = new float[n][];
        for (int i = 0; i < n; i++) {
            units[i] = Embeddings.l2Normalised(trainX[i]);
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                gram[i][j] = gram[j][i] = Embeddings.dot(units[i], units[j]);
            }
        }
        int[] correct = new int[MAX_K + 1];
        int kept = Math.min(MAX_K, n - 1);
        for (int i = 0; i < n; i++) {
            int[] nearest = new int[kept];
            double[] similarity = new double[kept];
            java.util.Arrays.fill(similarity, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                double s = gram[i][j];
                if (j == i || s <= similarity[kept - 1]) {
                    continue;
                }
                int pos = kept - 1;
                while (pos > 0 && similarity[pos - 1] < s) {
                    similarity[pos] = similarity[pos - 1];
                    nearest[pos] = nearest[pos - 1];
                    pos--;
                }
                similarity[pos] = s;
                nearest[pos] = j;
            }
            for (int k = 1; k <= kept; k++) {
                int[] votes = new int[labels];
                double[] support = new double[labels];
                for (int m = 0; m < k; m++) {
                    votes[trainY[nearest[m]]]++;
                    support[trainY[nearest[m]]] += similarity[m];
                }
                int best = 0;
                for (int c = 1; c < labels; c++) {
                    if (votes[c] > votes[best] || (votes[c] == votes[best] && support[c] > support[best])) {
                        best = c;
                    }
                }
                if (best == trainY[i]) {
                    correct[k]++;
                }
            }
        }
        int bestK = 1;
        for (int k = 2; k <= kept; k++) {
            if (correct[k] > correct[bestK]) {
                bestK = k;
            }
        }
        return bestK;
    }

    static TrainingSet trainingSet(Data data, int[] rows, int viewCount) {
        float[][] x = new float[rows.length][];
        int[] y = new int[rows.length];
        float[][][] views = new float[rows.length][][];
        for (int i = 0; i < rows.length; i++) {
            float[][] all = data.views()[rows[i]];
            x[i] = all[0];
            y[i] = data.labelIndex()[rows[i]];
            views[i] = java.util.Arrays.copyOfRange(all, 1, 1 + viewCount);
        }
        return new TrainingSet(x, y, data.labels(), views);
    }

    private static int[] allRows(Data data) {
        int[] rows = new int[data.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** {train, test}: {@code shot} images of each label drawn with the seed; every other image tests. */
    private static int[][] shotSplit(Data data, int shot, long seed) {
        Random random = new Random(seed * 1_000_003L + shot);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < data.labels().size(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < data.rows(); i++) {
                if (data.labelIndex()[i] == c) {
                    rows.add(i);
                }
            }
            java.util.Collections.shuffle(rows, random);
            train.addAll(rows.subList(0, shot));
            test.addAll(rows.subList(shot, rows.size()));
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).sorted().toArray(),
                test.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    private static int[][] eightyTwenty(Data data, long seed) {
        Splitter.Split split = new Splitter(seed).split(data.labelIndex(), data.labels().size());
        return new int[][] {split.trainRows(), split.heldOutRows()};
    }

    private static int minPerLabel(Data data) {
        int[] counts = counts(data);
        int min = Integer.MAX_VALUE;
        for (int n : counts) {
            min = Math.min(min, n);
        }
        return min;
    }

    private static int[] counts(Data data) {
        int[] counts = new int[data.labels().size()];
        for (int y : data.labelIndex()) {
            counts[y]++;
        }
        return counts;
    }

    private static String countsPerLabel(Data data) {
        int[] counts = counts(data);
        StringBuilder sb = new StringBuilder("(");
        for (int c = 0; c < counts.length; c++) {
            sb.append(c == 0 ? "" : ", ").append(data.labels().get(c)).append(' ').append(counts[c]);
        }
        return sb.append(')').toString();
    }

    // ---- embedding and its cache ----

    private record ImageFile(Path path, String relative, long size, int label) {
    }

    static Data load(Path dir, OnnxBackbone backbone, int viewCount, Path cacheDir) throws IOException {
        String name = dir.getFileName().toString();
        List<String> labels;
        try (Stream<Path> list = Files.list(dir)) {
            labels = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<ImageFile> files = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            try (Stream<Path> list = Files.list(dir.resolve(labels.get(c)))) {
                for (Path p : list.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(new ImageFile(p, labels.get(c) + "/" + p.getFileName(), Files.size(p), c));
                }
            }
        }
        Files.createDirectories(cacheDir);
        Augmenter augmenter = augmenter();
        Path cache = cacheDir.resolve(name + "-" + backbone.sha256().substring(0, 12) + "-" + augmenter.version() + "-v" + viewCount + ".bin");
        Data cached = readCache(cache, name, labels, files, viewCount, backbone.dimension());
        if (cached != null) {
            return cached;
        }
        System.out.printf(Locale.ROOT, "embedding %s: %d images x %d views (cache %s)...%n", name, files.size(), 1 + viewCount, cache);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        List<ImageFile> kept = new ArrayList<>();
        List<float[][]> views = new ArrayList<>();
        long t0 = System.nanoTime();
        for (ImageFile file : files) {
            byte[] bytes = Files.readAllBytes(file.path());
            String key = sha256(bytes);
            try (DecodedImage image = decoder.decode(bytes)) {
                List<Mat> mats = new ArrayList<>();
                try {
                    for (int v = 0; v <= viewCount; v++) {
                        mats.add(augmenter.view(image.bgr(), key, v));
                    }
                    views.add(backbone.embedAll(mats).toArray(new float[0][]));
                    kept.add(file);
                } finally {
                    mats.forEach(Mat::release);
                }
            } catch (ImageRejectedException e) {
                System.out.println("skipped " + file.relative() + ": " + e.getMessage());
            }
        }
        long embedMillis = (System.nanoTime() - t0) / 1_000_000;
        writeCache(cache, kept, views, viewCount, backbone.dimension(), embedMillis);
        int[] labelIndex = kept.stream().mapToInt(ImageFile::label).toArray();
        return new Data(name, labels, labelIndex, views.toArray(new float[0][][]), embedMillis, false);
    }

    static Augmenter augmenter() {
        return new Augmenter(AUGMENT_SEED, CROP);
    }

    private static final int CACHE_MAGIC = 0x4D414731; // "MAG1"

    private static void writeCache(Path cache, List<ImageFile> kept, List<float[][]> views, int viewCount, int width,
                                   long embedMillis) throws IOException {
        Path temp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
            out.writeInt(CACHE_MAGIC);
            out.writeInt(viewCount);
            out.writeInt(width);
            out.writeLong(embedMillis);
            out.writeInt(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                out.writeUTF(kept.get(i).relative());
                out.writeLong(kept.get(i).size());
                for (float[] v : views.get(i)) {
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            }
        }
        Files.move(temp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The cached embeddings, or null when there is no cache or the dataset's files changed since it was written. */
    private static Data readCache(Path cache, String name, List<String> labels, List<ImageFile> files, int viewCount, int width)
            throws IOException {
        if (!Files.exists(cache)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache), 1 << 16))) {
            if (in.readInt() != CACHE_MAGIC || in.readInt() != viewCount || in.readInt() != width) {
                return null;
            }
            long embedMillis = in.readLong();
            int n = in.readInt();
            java.util.Map<String, ImageFile> byName = new java.util.HashMap<>();
            files.forEach(f -> byName.put(f.relative(), f));
            if (n > files.size()) {
                return null;
            }
            int[] labelIndex = new int[n];
            float[][][] views = new float[n][1 + viewCount][width];
            for (int i = 0; i < n; i++) {
                ImageFile file = byName.get(in.readUTF());
                if (file == null || file.size() != in.readLong()) {
                    return null;
                }
                labelIndex[i] = file.label();
                for (int v = 0; v <= viewCount; v++) {
                    for (int j = 0; j < width; j++) {
                        views[i][v][j] = in.readFloat();
                    }
                }
            }
            return new Data(name, labels, labelIndex, views, embedMillis, true);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
