package dev.magpie.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * First start, login and logout. Passwords arrive in JSON bodies ({@code {"password": ...}}), are turned into char
 * arrays, compared through PBKDF2 and wiped; they are never logged. Failed logins are limited per client address.
 */
final class AuthRoutes implements RouteGroup {

    private final AdminPassword password;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final boolean secureCookie;

    AuthRoutes(AdminPassword password, Sessions sessions, LoginLimiter limiter, boolean secureCookie) {
        this.password = password;
        this.sessions = sessions;
        this.limiter = limiter;
        this.secureCookie = secureCookie;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/health", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
        routes.get("/api/v1/setup", ctx -> ctx.json(Map.of("password_set", password.isSet())), Access.PUBLIC);
        routes.post("/api/v1/setup", this::setup, Access.PUBLIC);
        routes.post("/api/v1/login", this::login, Access.PUBLIC);
        routes.post("/api/v1/logout", this::logout);
        routes.get("/api/v1/session", this::session);
    }

    private void setup(Context ctx) throws IOException {
        char[] given = passwordOf(ctx);
        try {
            password.setFirst(given);
        } finally {
            Arrays.fill(given, '\0');
        }
        startSession(ctx);
    }

    private void login(Context ctx) {
        String address = ctx.ip();
        long wait = limiter.retryAfterSeconds(address);
        if (wait > 0) {
            throw new ErrorMapper.TooManyRequestsException("too many failed logins from " + address
                    + "; try again in " + wait + " s", wait);
        }
        if (!password.isSet()) {
            throw WebException.conflict("setup_needed", "no admin password is set yet; set one first (POST /api/v1/setup)");
        }
        char[] given = passwordOf(ctx);
        boolean ok;
        try {
            ok = password.verify(given);
        } finally {
            Arrays.fill(given, '\0');
        }
        if (!ok) {
            limiter.failed(address);
            throw WebException.unauthorized("wrong password");
        }
        limiter.succeeded(address);
        startSession(ctx);
    }

    private void logout(Context ctx) {
        sessions.end(ctx.cookie(Sessions.COOKIE));
        ctx.header("Set-Cookie", cookie("", 0));
        ctx.json(Map.of("ok", true));
    }

    private void session(Context ctx) {
        Principal principal = ctx.attribute(Principal.ATTRIBUTE);
        String csrf = principal != null && principal.session()
                ? sessions.touch(ctx.cookie(Sessions.COOKIE)).map(Sessions.Session::csrfToken).orElse(null) : null;
        ctx.json(csrf == null ? Map.of("user", principal == null ? "metrics" : principal.name())
                : Map.of("user", principal.name(), "csrf_token", csrf));
    }

    private void startSession(Context ctx) {
        Sessions.Session session = sessions.create();
        ctx.header("Set-Cookie", cookie(session.id(), sessions.idle().toSeconds()));
        ctx.json(Map.of("csrf_token", session.csrfToken()));
    }

    private String cookie(String value, long maxAgeSeconds) {
        return Sessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : "");
    }

    private static char[] passwordOf(Context ctx) {
        ObjectNode body = Json.body(ctx);
        String text = Json.requiredText(body, "password");
        if (text.length() > 1024) {
            throw WebException.badRequest("invalid_field", "\"password\" is longer than 1024 characters");
        }
        return text.toCharArray();
    }
}
