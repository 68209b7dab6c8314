package dev.magpie.inbox;

import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.learn.Embeddings;
import dev.magpie.learn.Prediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the frames worth labelling: asks the {@link UnsurePolicy}, drops near-duplicates of recently kept frames,
 * respects the rate caps, stores the frame with its metadata and trims the collected inbox to its quota (oldest
 * first). Checks run cheapest first and the rate limiter counts only frames actually stored, so duplicates and
 * failed writes do not use up the budget.
 *
 * <p>Not thread-safe: call it from the one inference thread (the store it writes to is thread-safe). Disk-full and
 * other write failures come back as NOT_STORED, never as an exception that would stop the pipeline.
 */
public final class InboxCollector {

    private static final Logger log = LoggerFactory.getLogger(InboxCollector.class);

    private final DatasetStore store;
    private final UnsurePolicy policy;
    private final RateLimiter limiter;
    private final InboxSettings settings;
    /** Unit-length embeddings of the most recently kept frames, newest last. */
    private final Deque<float[]> recent = new ArrayDeque<>();

    public InboxCollector(DatasetStore store, UnsurePolicy policy, RateLimiter limiter, InboxSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CollectResult offer(InboxCandidate candidate) {
        Optional<KeepReason> reason = policy.decide(candidate.prediction());
        if (reason.isEmpty()) {
            return result(CollectResult.Status.SURE, reason, null, "the model was sure");
        }
        float[] unit = candidate.embedding() == null ? null : Embeddings.l2Normalised(candidate.embedding());
        if (unit != null) {
            double nearest = nearestRecentDistance(unit);
            if (nearest < settings.duplicateDistance()) {
                return result(CollectResult.Status.NEAR_DUPLICATE, reason, null, String.format(Locale.ROOT,
                        "cosine distance %.4f to a recently kept frame < %.4f", nearest, settings.duplicateDistance()));
            }
        }
        if (!limiter.allows()) {
            return result(CollectResult.Status.RATE_LIMITED, reason, null, "over the inbox rate limit " + settings.limits());
        }
        AddResult added;
        try {
            added = store.addToInbox(candidate.image().get(), "zone:" + candidate.zone(), meta(candidate, reason.get()));
        } catch (DatasetException e) {
            log.warn("unsure frame from zone {} not kept: {}", candidate.zone(), e.getMessage());
            return result(CollectResult.Status.NOT_STORED, reason, null, e.getMessage());
        }
        switch (added.status()) {
            case ADDED -> {
                limiter.record();
                remember(unit);
                List<String> evicted = trim();
                return new CollectResult(CollectResult.Status.KEPT, reason, Optional.of(added.sha256()), evicted,
                        "kept: " + reason.get());
            }
            case DUPLICATE, CONFLICT -> {
                return result(CollectResult.Status.ALREADY_STORED, reason, added.sha256(), added.message());
            }
            default -> {
                return result(CollectResult.Status.NOT_STORED, reason, added.sha256(), added.message());
            }
        }
    }

    private List<String> trim() {
        try {
            return store.trimCollectedInbox(settings.quota());
        } catch (DatasetException e) {
            // The frame is stored; the next kept frame retries the trim.
            log.warn("could not trim the inbox to its quota {}: {}", settings.quota(), e.getMessage());
            return List.of();
        }
    }

    private static InboxMeta meta(InboxCandidate candidate, KeepReason reason) {
        Prediction prediction = candidate.prediction();
        List<InboxMeta.Score> scores = new ArrayList<>();
        for (Prediction.LabelScore s : prediction.scores()) {
            scores.add(new InboxMeta.Score(s.label(), s.probability()));
        }
        return new InboxMeta(candidate.zone(), candidate.capturedAt(), prediction.model(), scores, reason.toString());
    }

    private double nearestRecentDistance(float[] unit) {
        double nearest = Double.POSITIVE_INFINITY;
        for (float[] kept : recent) {
            if (kept.length == unit.length) {
                nearest = Math.min(nearest, Embeddings.cosineDistance(unit, kept));
            }
        }
        return nearest;
    }

    private void remember(float[] unit) {
        if (unit == null || settings.recentWindow() == 0) {
            return;
        }
        recent.addLast(unit);
        while (recent.size() > settings.recentWindow()) {
            recent.removeFirst();
        }
    }

    private static CollectResult result(CollectResult.Status status, Optional<KeepReason> reason, String sha256,
                                        String message) {
        return new CollectResult(status, reason, Optional.ofNullable(sha256), List.of(), message);
    }
}
