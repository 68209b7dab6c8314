package dev.magpie.inbox;

import dev.magpie.learn.Prediction;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One classified zone crop offered to the inbox.
 *
 * @param image     encodes the crop (JPEG) exactly as it would be stored; called only for a frame that is kept, so
 *                  the pipeline does not pay for an encode on every sure frame
 * @param embedding the backbone's embedding of the crop, for near-duplicate checks; null to skip them
 */
public record InboxCandidate(String zone, Instant capturedAt, Supplier<byte[]> image, float[] embedding, Prediction prediction) {

    public InboxCandidate {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prediction, "prediction");
    }

    /** A candidate whose crop is already encoded. */
    public InboxCandidate(String zone, Instant capturedAt, byte[] image, float[] embedding, Prediction prediction) {
        this(zone, capturedAt, () -> image, embedding, prediction);
    }
}
