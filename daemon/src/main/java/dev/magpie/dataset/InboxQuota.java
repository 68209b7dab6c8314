package dev.magpie.dataset;

/**
 * The most the collected part of the inbox may hold; images added by hand or by an import are never evicted and do
 * not count. Use {@link Integer#MAX_VALUE} / {@link Long#MAX_VALUE} for no limit.
 */
public record InboxQuota(int maxItems, long maxBytes) {

    public static final InboxQuota UNLIMITED = new InboxQuota(Integer.MAX_VALUE, Long.MAX_VALUE);

    public InboxQuota {
        if (maxItems < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("inbox quota cannot be negative: " + maxItems + " items, " + maxBytes + " bytes");
        }
    }
}
