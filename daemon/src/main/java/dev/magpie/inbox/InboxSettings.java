package dev.magpie.inbox;

import dev.magpie.dataset.InboxQuota;

import java.util.Objects;

/**
 * @param duplicateDistance a frame whose embedding lies closer than this (cosine distance) to a recently kept one is
 *                          not kept: a bird sitting still gives hundreds of near-identical unsure frames
 * @param recentWindow      how many recently kept embeddings to compare against (bounds memory and time per frame)
 * @param limits            caps per minute, hour and day
 * @param quota             the most the collected inbox may hold; the oldest collected frames are evicted beyond it
 */
public record InboxSettings(double duplicateDistance, int recentWindow, RateLimits limits, InboxQuota quota) {

    public static final InboxSettings DEFAULTS = new InboxSettings(0.02, 64, new RateLimits(2, 30, 200),
            new InboxQuota(2_000, 500L * 1024 * 1024));

    public InboxSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(quota, "quota");
        if (!(duplicateDistance >= 0.0 && duplicateDistance <= 2.0)) {
            throw new IllegalArgumentException("duplicateDistance must be within [0, 2], not " + duplicateDistance);
        }
        if (recentWindow < 0) {
            throw new IllegalArgumentException("recentWindow cannot be negative: " + recentWindow);
        }
    }
}
