package dev.magpie.web;

import dev.magpie.config.WebConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Before every matched route: PUBLIC routes pass; others need an API token ({@code Authorization: Bearer} or
 * {@code Prediction-Key}, the Custom Vision header) or a session cookie. A session must also send its CSRF token as
 * {@code X-CSRF-Token} on anything but GET, HEAD and OPTIONS; tokens need none (a browser never sends them by itself).
 */
final class Guard {

    static final String CSRF_HEADER = "X-CSRF-Token";

    private final WebConfig config;
    private final TokenStore tokens;
    private final Sessions sessions;

    Guard(WebConfig config, TokenStore tokens, Sessions sessions) {
        this.config = config;
        this.tokens = tokens;
        this.sessions = sessions;
    }

    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) {
            return;
        }
        Optional<Principal> principal = authenticate(ctx);
        if (principal.isEmpty()) {
            if (roles.contains(Access.METRICS) && config.metricsAllow().contains(ctx.ip())) {
                return;
            }
            throw WebException.unauthorized("log in, or send an API token as 'Authorization: Bearer <token>'"
                    + " (create one with: magpie token create --name NAME)");
        }
        if (principal.get().session() && !safe(ctx.method())
                && !sessions.touch(ctx.cookie(Sessions.COOKIE)).map(s -> s.csrfMatches(ctx.header(CSRF_HEADER))).orElse(false)) {
            throw WebException.forbidden("csrf", "missing or wrong " + CSRF_HEADER + " header; reload the page and try again");
        }
        ctx.attribute(Principal.ATTRIBUTE, principal.get());
    }

    private Optional<Principal> authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw WebException.unauthorized("the Authorization header must be 'Bearer <token>'");
            }
            return Optional.of(tokens.verify(authorization.substring(7).trim())
                    .map(name -> new Principal(name, false))
                    .orElseThrow(() -> WebException.unauthorized("unknown or revoked API token")));
        }
        String key = ctx.header("Prediction-Key");
        if (key != null) {
            return Optional.of(tokens.verify(key.trim())
                    .map(name -> new Principal(name, false))
                    .orElseThrow(() -> WebException.unauthorized("unknown or revoked Prediction-Key")));
        }
        return sessions.touch(ctx.cookie(Sessions.COOKIE)).map(s -> new Principal("admin", true));
    }

    private static boolean safe(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
    }
}
