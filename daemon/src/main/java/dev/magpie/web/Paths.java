package dev.magpie.web;

import java.util.regex.Pattern;

/**
 * Identifiers taken from request paths, checked before anything uses them: an image id is exactly 64 hex digits,
 * a model version {@code v} and 1-6 digits. Anything else is a 404 without touching the store or the file system.
 */
final class Paths {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("v[0-9]{1,6}");

    private Paths() {
    }

    static String imageId(String raw) {
        if (raw == null || !SHA256.matcher(raw).matches()) {
            throw WebException.notFound("unknown_image", "no image " + LabelRoutes.quote(raw)
                    + " (image ids are the 64 hex digits of its SHA-256)");
        }
        return raw;
    }

    static String version(String raw) {
        if (raw == null || !VERSION.matcher(raw).matches()) {
            throw WebException.notFound("unknown_version", "no model version " + LabelRoutes.quote(raw)
                    + " (versions look like v0003)");
        }
        return raw;
    }

    static int intParam(String raw, String name, int fallback, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw WebException.badRequest("invalid_parameter", name + " must be a whole number from " + min + " to " + max);
    }
}
