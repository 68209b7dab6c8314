package dev.magpie.learn;

import java.util.Locale;

/**
 * Benchmark main (not a test): trains the head on 1,000 synthetic 1280-d embeddings x 5 labels on one thread and
 * prints the time against the 2 s bar of ARCHITECTURE.md. Warm-up runs first so the JIT has compiled the loops, as it
 * has in a daemon that has been up for a while; the first (cold) run is printed too.
 * <pre>
 * mvn -q -B -pl daemon -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -XX:ActiveProcessorCount=1 -cp "$(cat /tmp/cp.txt):daemon/target/classes:daemon/target/test-classes" \
 *     dev.magpie.learn.HeadTrainingBench [rows] [runs] | tee bench/head-training.txt
 * </pre>
 */
public final class HeadTrainingBench {

    private static final double BAR_MILLIS = 2000.0;

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        TrainingSet set = new SyntheticClusters(11, 5, 0.8).set(rows / 5, rows / 5, rows / 5, rows / 5, rows / 5);
        HeadTrainer trainer = new HeadTrainer(HeadTrainingParameters.DEFAULTS);
        System.out.printf(Locale.ROOT, "head training: %d rows x %d dims x %d labels, %s, 1 thread, java %s, %s%n",
                set.rows(), set.width(), set.labelCount(), HeadTrainingParameters.DEFAULTS,
                System.getProperty("java.version"), System.getProperty("os.arch"));
        long best = Long.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            TrainedHead trained = trainer.train(set, ProgressListener.NONE);
            best = Math.min(best, trained.totalMillis());
            System.out.printf(Locale.ROOT, "run %d%s: total %d ms (prepare %d, train %d, export %d), ratio to 2 s bar %.3f%n",
                    run + 1, run == 0 ? " (cold)" : "", trained.totalMillis(), trained.prepareMillis(), trained.trainMillis(),
                    trained.exportMillis(), trained.totalMillis() / BAR_MILLIS);
        }
        System.out.printf(Locale.ROOT, "best %d ms, ratio %.3f (<= 1.0 passes)%n", best, best / BAR_MILLIS);
    }
}
