package dev.magpie.learn;

/**
 * Trains the classification head: multinomial logistic regression on L2-normalised embeddings (the backbone's ReLU
 * features vary in length with image contrast; direction carries the class), with balanced class weights and a light L2 term,
 * fitted by {@link SoftmaxRegression} (mini-batch AdaGrad) on one thread; Tribuo builds the ONNX graph. The head is
 * the average of the end-of-epoch weights over the second half of the epochs (iterate averaging: with almost no L2
 * the last iterate still wanders; the average was +0.2 points of mean validation accuracy in HeadTuningBench,
 * bench/head-tuning.txt run 3).
 * <p>
 * A linear head rather than an MLP: with 1280-d features and tens to hundreds of images per label, an MLP adds
 * parameters to overfit and time to train without a measured gain; the linear head also keeps open-set
 * calibration simple. Deterministic: the same data, order and seed give byte-identical head.onnx.
 */
public final class HeadTrainer {

    private final HeadTrainingParameters parameters;
    private final HeadOnnxWriter onnxWriter;

    public HeadTrainer(HeadTrainingParameters parameters, HeadOnnxWriter onnxWriter) {
        this.parameters = parameters;
        this.onnxWriter = onnxWriter;
    }

    public HeadTrainer(HeadTrainingParameters parameters) {
        this(parameters, new HeadOnnxWriter());
    }

    public HeadTrainingParameters parameters() {
        return parameters;
    }

    public TrainedHead train(TrainingSet set, ProgressListener listener) {
        long t0 = System.nanoTime();
        Rows rows = rows(set, listener);
        long t1 = System.nanoTime();

        SoftmaxRegression regression = new SoftmaxRegression(parameters.epochs(), parameters.learningRate(),
                parameters.batchSize(), parameters.l2(), parameters.seed(),
                parameters.epochs() / 2);
        LinearHead head = regression.fit(rows.x(), rows.y(), rows.weight(), set.labelNames(), true, listener);
        long t2 = System.nanoTime();

        listener.progress(ProgressListener.Phase.EXPORTING, 0, 1);
        byte[] onnx = onnxWriter.write(head);
        listener.progress(ProgressListener.Phase.EXPORTING, 1, 1);
        long t3 = System.nanoTime();
        return new TrainedHead(head, onnx, rows.x().length, millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
    }

    private record Rows(float[][] x, int[] y, float[] weight) {
    }

    /** Normalised rows, each original followed by its augmented views, weighted so every label sums to the same. */
    private Rows rows(TrainingSet set, ProgressListener listener) {
        int labels = set.labelCount();
        int[] perLabel = new int[labels];
        int total = 0;
        for (int i = 0; i < set.rows(); i++) {
            int views = 1 + set.augmentedViews()[i].length;
            perLabel[set.labelIndex()[i]] += views;
            total += views;
        }
        int present = 0;
        for (int count : perLabel) {
            if (count > 0) {
                present++;
            }
        }
        float[] labelWeight = new float[labels];
        for (int c = 0; c < labels; c++) {
            labelWeight[c] = !parameters.balanceClasses() || perLabel[c] == 0 ? 1f : (float) total / (present * perLabel[c]);
        }
        float[][] x = new float[total][];
        int[] y = new int[total];
        float[] weight = new float[total];
        int k = 0;
        for (int i = 0; i < set.rows(); i++) {
            int label = set.labelIndex()[i];
            x[k] = Embeddings.l2Normalised(set.embeddings()[i]);
            y[k] = label;
            weight[k++] = labelWeight[label];
            for (float[] view : set.augmentedViews()[i]) {
                x[k] = Embeddings.l2Normalised(view);
                y[k] = label;
                weight[k++] = labelWeight[label];
            }
            listener.progress(ProgressListener.Phase.PREPARING, i + 1, set.rows());
        }
        return new Rows(x, y, weight);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
