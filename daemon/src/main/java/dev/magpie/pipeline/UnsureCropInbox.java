package dev.magpie.pipeline;

import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.detect.VisitTracker;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the crops a zone's species model was unsure about in the inbox, for the owner to label. The visit tracker
 * already sends at most one crop per visit per species, so no rate limit is needed here.
 */
public final class UnsureCropInbox implements Consumer<VisitTracker.UnsureCrop> {

    private static final Logger log = LoggerFactory.getLogger(UnsureCropInbox.class);

    private final DatasetStore store;
    private final String model;
    private final double lowConfidence;

    /**
     * @param model the species model's name, recorded as the model that was unsure
     */
    public UnsureCropInbox(DatasetStore store, String model, double lowConfidence) {
        this.store = store;
        this.model = model;
        this.lowConfidence = lowConfidence;
    }

    @Override
    public void accept(VisitTracker.UnsureCrop crop) {
        String reason = String.format(Locale.ROOT, "LOW_CONFIDENCE_SPECIES: %s %.2f < %.2f (visit %d)",
                crop.guess().species(), crop.guess().confidence(), lowConfidence, crop.visitId());
        InboxMeta meta = new InboxMeta(crop.region(), crop.at(), model,
                List.of(new InboxMeta.Score(crop.guess().species(), crop.guess().confidence())), reason);
        try {
            AddResult result = store.addToInbox(crop.jpeg(), "visit:" + crop.region(), meta);
            log.debug("Zone {}: unsure species crop {}: {}", crop.region(), result.sha256(), result.status());
        } catch (DatasetException | IllegalStateException e) {
            log.warn("Zone {}: unsure species crop not kept: {}", crop.region(), e.getMessage());
        }
    }
}
