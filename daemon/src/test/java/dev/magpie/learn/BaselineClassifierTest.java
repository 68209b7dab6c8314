package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineClassifierTest {

    private final SyntheticClusters clusters = new SyntheticClusters(41, 4, 0.6);
    private final TrainingSet training = clusters.set(25, 25, 25, 25);
    private final TrainingSet probe = clusters.set(20, 20, 20, 20);

    private double accuracy(BaselineClassifier classifier) {
        classifier.fit(training.embeddings(), training.labelIndex(), training.labelCount());
        int correct = 0;
        for (int i = 0; i < probe.rows(); i++) {
            if (classifier.predict(probe.embeddings()[i]) == probe.labelIndex()[i]) {
                correct++;
            }
        }
        return (double) correct / probe.rows();
    }

    @Test
    void everyBaselineSeparatesGaussianClusters() {
        for (BaselineClassifier classifier : List.of(new NearestCentroid(), new KNearestNeighbours(1), new KNearestNeighbours(5),
                new PlainLogisticRegression())) {
            assertThat(accuracy(classifier)).as(classifier.name()).isGreaterThan(0.95);
        }
    }

    @Test
    void nearestCentroidPicksTheCloserDirection() {
        NearestCentroid nc = new NearestCentroid();
        nc.fit(new float[][] {{1, 0}, {2, 0.1f}, {0, 1}}, new int[] {0, 0, 1}, 2);
        assertThat(nc.predict(new float[] {5, 1})).isZero();
        assertThat(nc.predict(new float[] {0.2f, 3})).isEqualTo(1);
    }

    @Test
    void knnVotesAmongTheKNearest() {
        float[][] x = {{1, 0}, {1, 0.1f}, {0, 1}, {0.1f, 1}, {0.2f, 1}};
        int[] y = {0, 0, 1, 1, 1};
        KNearestNeighbours one = new KNearestNeighbours(1);
        one.fit(x, y, 2);
        KNearestNeighbours five = new KNearestNeighbours(5);
        five.fit(x, y, 2);
        float[] query = {1, 0.05f};
        assertThat(one.predict(query)).isZero();
        assertThat(five.predict(query)).isEqualTo(1); // 3 votes against 2
    }
}
