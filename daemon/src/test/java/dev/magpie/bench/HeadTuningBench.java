package dev.magpie.bench;

import dev.magpie.learn.Embeddings;
import dev.magpie.learn.HeadTrainer;
import dev.magpie.learn.HeadTrainingParameters;
import dev.magpie.learn.LinearHead;
import dev.magpie.learn.PlainLogisticRegression;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.Splitter;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.OnnxBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark main (not a test): picks head hyperparameters without looking at {@link AccuracyBench}'s test images of
 * any split it scores. For each dataset with at least 40 images per label and tuning seeds 101-103 (the accuracy bench
 * uses 1-5), it cuts the stratified 80/20 split, throws the 20 % away unseen, and inside the 80 % trains on 10 and 20
 * images per label and on a 75 % inner split, validating on the rest of the 80 %. Prints mean validation accuracy per
 * candidate, with plain LR on the same inner splits for reference.
 * <pre>
 * bench/run.sh HeadTuningBench epochs:learningRate:l2:batchSize ...
 * </pre>
 * Caveat: the datasets are the same ones the accuracy bench reports on (only the images each validation uses are
 * kept apart from that split's discarded 20 %), so a choice made here is mildly optimistic for them.
 */
public final class HeadTuningBench {

    private HeadTuningBench() {
    }

    public static void main(String[] args) throws Exception {
        int viewCount = 4;
        List<HeadTrainingParameters> candidates = new ArrayList<>();
        for (String arg : args) {
            String[] f = arg.split(":");
            candidates.add(new HeadTrainingParameters(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[2]), 42L, true));
        }
        Path cacheDir = Path.of("daemon", "target", "bench-cache");
        List<AccuracyBench.Data> datasets = new ArrayList<>();
        try (OnnxBackbone backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
             Stream<Path> list = Files.list(SharedFiles.datasets())) {
            for (Path dir : list.filter(Files::isDirectory).sorted().toList()) {
                AccuracyBench.Data data = AccuracyBench.load(dir, backbone, viewCount, cacheDir);
                int[] counts = new int[data.labels().size()];
                for (int y : data.labelIndex()) {
                    counts[y]++;
                }
                int min = Integer.MAX_VALUE;
                for (int c : counts) {
                    min = Math.min(min, c);
                }
                if (min >= 40) {
                    datasets.add(data);
                }
            }
        }
        String[] protocols = {"10/label", "20/label", "inner75"};
        System.out.println("views: " + AccuracyBench.augmenter().version());
        System.out.printf(Locale.ROOT, "%-60s %s%n", "candidate (validation accuracy, mean of seeds 101-103)", String.join(" | ", datasets.stream().map(d -> d.name()).toList()));
        double[] plain = null;
        for (int ci = -1; ci < candidates.size(); ci++) {
            StringBuilder row = new StringBuilder();
            double total = 0;
            int cells = 0;
            for (AccuracyBench.Data data : datasets) {
                for (String protocol : protocols) {
                    double sum = 0;
                    for (long seed = 101; seed <= 103; seed++) {
                        int[][] split = innerSplit(data, protocol, seed);
                        sum += ci < 0 ? plainLr(data, split) : head(data, split, candidates.get(ci).withSeed(seed), viewCount);
                    }
                    double mean = sum / 3;
                    row.append(String.format(Locale.ROOT, " %5.1f", 100 * mean));
                    total += mean;
                    cells++;
                }
                row.append(" |");
            }
            System.out.printf(Locale.ROOT, "%-60s %s mean %5.2f%n", ci < 0 ? "plain-lr (reference)" : candidates.get(ci).toString()
                    .replace("HeadTrainingParameters", "").replace(", seed=42, balanceClasses=true", "").replace("learningRate", "lr").replace("batchSize", "batch"), row, 100 * total / cells);
        }
    }

    private static double head(AccuracyBench.Data data, int[][] split, HeadTrainingParameters parameters, int viewCount) {
        LinearHead head = new HeadTrainer(parameters).train(AccuracyBench.trainingSet(data, split[0], viewCount), ProgressListener.NONE).head();
        int correct = 0;
        for (int i : split[1]) {
            if (Embeddings.argmax(head.probabilities(data.original(i))) == data.labelIndex()[i]) {
                correct++;
            }
        }
        return (double) correct / split[1].length;
    }

    private static double plainLr(AccuracyBench.Data data, int[][] split) {
        float[][] x = new float[split[0].length][];
        int[] y = new int[split[0].length];
        for (int k = 0; k < x.length; k++) {
            x[k] = data.original(split[0][k]);
            y[k] = data.labelIndex()[split[0][k]];
        }
        PlainLogisticRegression lr = new PlainLogisticRegression();
        lr.fit(x, y, data.labels().size());
        int correct = 0;
        for (int i : split[1]) {
            if (lr.predict(data.original(i)) == data.labelIndex()[i]) {
                correct++;
            }
        }
        return (double) correct / split[1].length;
    }

    /** {train, validation}, both inside the 80 % part of the seed's 80/20 split. */
    private static int[][] innerSplit(AccuracyBench.Data data, String protocol, long seed) {
        int[] outerTrain = new Splitter(seed).split(data.labelIndex(), data.labels().size()).trainRows();
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int c = 0; c < data.labels().size(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i : outerTrain) {
                if (data.labelIndex()[i] == c) {
                    rows.add(i);
                }
            }
            Collections.shuffle(rows, random);
            int take = protocol.equals("inner75") ? (int) Math.round(rows.size() * 0.75) : Integer.parseInt(protocol.substring(0, 2));
            train.addAll(rows.subList(0, take));
            validation.addAll(rows.subList(take, rows.size()));
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(), validation.stream().mapToInt(Integer::intValue).toArray()};
    }
}
