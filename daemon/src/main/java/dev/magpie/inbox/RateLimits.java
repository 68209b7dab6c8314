package dev.magpie.inbox;

/**
 * The most frames kept per sliding minute, hour and day, so a flapping scene cannot fill the inbox (or the SD card)
 * in an afternoon. {@link Integer#MAX_VALUE} means no limit for that window.
 */
public record RateLimits(int perMinute, int perHour, int perDay) {

    public static final RateLimits UNLIMITED = new RateLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    public RateLimits {
        if (perMinute < 0 || perHour < 0 || perDay < 0) {
            throw new IllegalArgumentException("rate limits cannot be negative: " + perMinute + "/min, " + perHour
                    + "/h, " + perDay + "/day");
        }
    }
}
