package dev.magpie.inbox;

import dev.magpie.learn.Prediction;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Decides whether a frame is worth the owner's time (active learning): the frames the model is least sure about teach
 * it the most per label given. Rules are checked in a fixed order and the first that fires is the reason; the random
 * draw happens only for frames no other rule kept, so a seeded generator gives a repeatable sequence. Pure apart from
 * the injected generator; not thread-safe.
 */
public final class UnsurePolicy {

    private final UnsureSettings settings;
    private final ToDoubleFunction<String> decisionThreshold;
    private final RandomGenerator random;

    /**
     * @param decisionThreshold each label's current alert threshold (read per frame, so runtime changes apply)
     * @param random            seeded in tests, e.g. {@code new SplittableRandom(42)}
     */
    public UnsurePolicy(UnsureSettings settings, ToDoubleFunction<String> decisionThreshold, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decisionThreshold = Objects.requireNonNull(decisionThreshold, "decisionThreshold");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The reason to keep this frame, or empty when the model was sure enough. */
    public Optional<KeepReason> decide(Prediction prediction) {
        List<Prediction.LabelScore> scores = prediction.scores();
        if (scores.isEmpty()) {
            return Optional.empty();
        }
        Prediction.LabelScore top = prediction.top();
        if (prediction.unknown() && settings.keepUnknown()) {
            return keep(KeepReason.Kind.UNKNOWN, "unlike every label (%s, closest %s %.2f)", prediction.reason(), top.label(),
                    top.probability());
        }
        if (top.probability() < settings.confidenceFloor()) {
            return keep(KeepReason.Kind.LOW_CONFIDENCE, "top-1 %s %.2f < floor %.2f", top.label(), top.probability(),
                    settings.confidenceFloor());
        }
        if (settings.thresholdBand() > 0) {
            for (Prediction.LabelScore score : scores) {
                double threshold = decisionThreshold.applyAsDouble(score.label());
                if (Math.abs(score.probability() - threshold) <= settings.thresholdBand()) {
                    return keep(KeepReason.Kind.NEAR_THRESHOLD, "%s %.2f within %.2f of its threshold %.2f", score.label(),
                            score.probability(), settings.thresholdBand(), threshold);
                }
            }
        }
        if (scores.size() > 1) {
            double margin = top.probability() - scores.get(1).probability();
            if (margin < settings.minMargin()) {
                return keep(KeepReason.Kind.SMALL_MARGIN, "%s %.2f vs %s %.2f, margin %.2f < %.2f", top.label(),
                        top.probability(), scores.get(1).label(), scores.get(1).probability(), margin, settings.minMargin());
            }
        }
        if (settings.sampleRate() > 0 && random.nextDouble() < settings.sampleRate()) {
            return keep(KeepReason.Kind.RANDOM_SAMPLE, "sampled at rate %.4f", settings.sampleRate());
        }
        return Optional.empty();
    }

    private static Optional<KeepReason> keep(KeepReason.Kind kind, String format, Object... args) {
        return Optional.of(new KeepReason(kind, String.format(Locale.ROOT, format, args)));
    }
}
