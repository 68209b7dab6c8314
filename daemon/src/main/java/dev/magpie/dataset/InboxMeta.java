package dev.magpie.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why and where an unsure frame was collected into the inbox, so the owner labels the most useful frames first and
 * can see what the model thought.
 *
 * @param zone       the zone whose crop this is
 * @param capturedAt when the camera took the frame
 * @param model      the model version that was unsure
 * @param scores     every label with its probability, most likely first
 * @param reason     why the frame was kept (e.g. {@code LOW_CONFIDENCE: top-1 0.41 < 0.50})
 */
public record InboxMeta(String zone, Instant capturedAt, String model, List<Score> scores, String reason) {

    /** One label's probability; the dataset's own copy of a prediction score, so this package needs no model types. */
    public record Score(String label, double probability) {
    }

    public InboxMeta {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        scores = List.copyOf(scores);
    }

    /** The highest probability, 0 without scores. */
    public double topConfidence() {
        double top = 0;
        for (Score s : scores) {
            top = Math.max(top, s.probability());
        }
        return top;
    }

    /** Top-1 minus top-2 probability; a small margin means the model could not tell two labels apart. */
    public double margin() {
        double first = 0;
        double second = 0;
        for (Score s : scores) {
            if (s.probability() > first) {
                second = first;
                first = s.probability();
            } else if (s.probability() > second) {
                second = s.probability();
            }
        }
        return first - second;
    }
}
