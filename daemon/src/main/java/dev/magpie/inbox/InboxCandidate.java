package dev.magpie.inbox;

import dev.magpie.learn.Prediction;

import java.time.Instant;
import java.util.Objects;

/**
 * One classified zone crop offered to the inbox.
 *
 * @param image     the encoded crop (JPEG), exactly as it would be stored
 * @param embedding the backbone's embedding of the crop, for near-duplicate checks; null to skip them
 */
public record InboxCandidate(String zone, Instant capturedAt, byte[] image, float[] embedding, Prediction prediction) {

    public InboxCandidate {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prediction, "prediction");
    }
}
