package dev.magpie.web;

import dev.magpie.config.WebConfig;
import io.javalin.http.Context;

/** Headers on every answer, and the body-size check that needs no reading. */
final class SecurityHeaders {

    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline';"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx, WebConfig config, boolean tls) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (tls) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        String length = ctx.header("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw WebException.badRequest("bad_request", "Content-Length is not a number");
            }
            if (bytes > config.maxBodyBytes()) {
                throw tooLarge(config);
            }
        }
    }

    static WebException tooLarge(WebConfig config) {
        return new WebException(413, "too_large", "the request body is over " + config.maxBodyMegabytes()
                + " MB (web.max_body_megabytes); send fewer or smaller files per request");
    }
}
