package dev.magpie.learn;

import ai.onnxruntime.OrtException;
import dev.magpie.vision.Embedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * A model version ready to answer: the shared backbone, this version's head.onnx and its open-set rule. Thread-safe.
 * The backbone is borrowed, not owned: closing a classifier leaves it open for the next version (hot swap).
 */
public final class Classifier implements AutoCloseable {

    private final String version;
    private final Embedder embedder;
    private final HeadModel head;
    private final List<String> labels;
    private final OpenSetRule openSet;

    private Classifier(String version, Embedder embedder, HeadModel head, List<String> labels, OpenSetRule openSet) {
        this.version = version;
        this.embedder = embedder;
        this.head = head;
        this.labels = labels;
        this.openSet = openSet;
    }

    /** Loads {@code version} from the registry; it must have been trained on this backbone. */
    public static Classifier load(ModelRegistry registry, String version, Embedder embedder) throws IOException {
        ModelArtifacts artifacts = registry.read(version);
        if (!artifacts.training().backboneSha256().equals(embedder.sha256())) {
            throw new IOException("model " + version + " was trained on backbone " + artifacts.training().backboneId()
                    + " but " + embedder.id() + " is loaded; retrain it with 'magpie train'");
        }
        try {
            HeadModel head = HeadModel.load(artifacts.headOnnx());
            return new Classifier(version, embedder, head, List.copyOf(artifacts.labels()), artifacts.openSet());
        } catch (OrtException e) {
            throw new IOException("head.onnx of model " + version + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    public String version() {
        return version;
    }

    public List<String> labels() {
        return labels;
    }

    public Prediction classify(Mat bgr) {
        return decide(embedder.embed(bgr));
    }

    /** Classifies an embedding the caller already has (for example from the dataset cache). */
    public Prediction decide(float[] embedding) {
        float[] probabilities;
        try {
            probabilities = head.probabilities(embedding);
        } catch (OrtException e) {
            throw new IllegalStateException("the head of model " + version + " failed: " + e.getMessage(), e);
        }
        List<Prediction.LabelScore> scores = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            scores.add(new Prediction.LabelScore(labels.get(i), probabilities[i]));
        }
        scores.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        OpenSetRule.Decision decision = openSet.decide(embedding, probabilities);
        return new Prediction(version, List.copyOf(scores), Optional.ofNullable(decision.label()), decision.reason(),
                decision.distance());
    }

    @Override
    public void close() {
        try {
            head.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the head of " + version + " failed", e);
        }
    }
}
