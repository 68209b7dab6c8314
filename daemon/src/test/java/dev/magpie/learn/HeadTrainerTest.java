package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadTrainerTest {

    private final HeadTrainer trainer = new HeadTrainer(HeadTrainingParameters.DEFAULTS);

    @Test
    void separatesGaussianClusters() {
        SyntheticClusters clusters = new SyntheticClusters(1, 5, 0.6);
        TrainedHead trained = trainer.train(clusters.set(40, 40, 40, 40, 40), ProgressListener.NONE);
        TrainingSet heldOut = clusters.set(20, 20, 20, 20, 20);
        assertThat(accuracy(trained.head(), heldOut)).isGreaterThan(0.95);
    }

    @Test
    void onnxHeadMatchesJavaHeadWithin1e4() throws OrtException {
        SyntheticClusters clusters = new SyntheticClusters(2, 5, 0.8);
        TrainedHead trained = trainer.train(clusters.set(30, 30, 30, 30, 30), ProgressListener.NONE);
        TrainingSet probe = clusters.set(10, 10, 10, 10, 10);
        float[][] probeRows = append(probe.embeddings(), new float[SyntheticClusters.WIDTH], clusters.stranger());
        try (HeadModel model = HeadModel.load(trained.onnx())) {
            assertThat(model.inputWidth()).isEqualTo(SyntheticClusters.WIDTH);
            assertThat(model.labelCount()).isEqualTo(5);
            float[][] onnx = model.probabilities(probeRows);
            for (int i = 0; i < probeRows.length; i++) {
                float[] java = trained.head().probabilities(probeRows[i]);
                for (int c = 0; c < java.length; c++) {
                    assertThat(onnx[i][c]).isCloseTo(java[c], within(1e-4f));
                }
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalHeadBytes() {
        TrainingSet set = new SyntheticClusters(3, 3, 1.0).set(30, 30, 30);
        byte[] first = trainer.train(set, ProgressListener.NONE).onnx();
        byte[] second = trainer.train(set, ProgressListener.NONE).onnx();
        assertThat(second).isEqualTo(first);
        byte[] otherSeed = new HeadTrainer(HeadTrainingParameters.DEFAULTS.withSeed(7)).train(set, ProgressListener.NONE).onnx();
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void classWeightingRaisesRecallOfRareLabel() {
        // Heavily overlapping clusters, 20:1 imbalance: unweighted LR sacrifices the rare label.
        SyntheticClusters clusters = new SyntheticClusters(4, 2, 0.8, 0.1);
        TrainingSet imbalanced = clusters.set(400, 20);
        TrainingSet probe = clusters.set(0, 300);
        LinearHead weighted = trainer.train(imbalanced, ProgressListener.NONE).head();
        LinearHead unweighted = new HeadTrainer(HeadTrainingParameters.DEFAULTS.withBalanceClasses(false))
                .train(imbalanced, ProgressListener.NONE).head();
        double weightedRecall = accuracy(weighted, probe);
        double unweightedRecall = accuracy(unweighted, probe);
        assertThat(weightedRecall).isGreaterThan(unweightedRecall + 0.3);
    }

    @Test
    void augmentedViewsAreTrainedOnAndCounted() {
        SyntheticClusters clusters = new SyntheticClusters(5, 2, 0.5);
        TrainingSet base = clusters.set(10, 10);
        float[][][] views = new float[base.rows()][][];
        for (int i = 0; i < views.length; i++) {
            views[i] = new float[][] {clusters.sample(base.labelIndex()[i]), clusters.sample(base.labelIndex()[i])};
        }
        TrainingSet augmented = new TrainingSet(base.embeddings(), base.labelIndex(), base.labelNames(), views);
        TrainedHead trained = trainer.train(augmented, ProgressListener.NONE);
        assertThat(trained.trainingRows()).isEqualTo(60);
        assertThat(accuracy(trained.head(), clusters.set(20, 20))).isGreaterThan(0.95);
    }

    @Test
    void reportsEveryPhaseToTheListener() {
        List<ProgressListener.Phase> phases = new ArrayList<>();
        trainer.train(new SyntheticClusters(6, 2, 0.5).set(5, 5), (phase, done, total) -> {
            assertThat(done).isBetween(0L, total);
            if (phases.isEmpty() || phases.get(phases.size() - 1) != phase) {
                phases.add(phase);
            }
        });
        assertThat(phases).containsExactly(ProgressListener.Phase.PREPARING, ProgressListener.Phase.TRAINING,
                ProgressListener.Phase.EXPORTING);
    }

    static double accuracy(LinearHead head, TrainingSet set) {
        int correct = 0;
        for (int i = 0; i < set.rows(); i++) {
            if (Embeddings.argmax(head.probabilities(set.embeddings()[i])) == set.labelIndex()[i]) {
                correct++;
            }
        }
        return (double) correct / set.rows();
    }

    private static float[][] append(float[][] rows, float[]... extra) {
        float[][] out = java.util.Arrays.copyOf(rows, rows.length + extra.length);
        System.arraycopy(extra, 0, out, rows.length, extra.length);
        return out;
    }
}
