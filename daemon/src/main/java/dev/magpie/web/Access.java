package dev.magpie.web;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. A route without a role needs a session or a token: PUBLIC must be given on purpose, and
 * {@code WebServerRoutesTest} proves every other registered route refuses a request without credentials.
 */
public enum Access implements RouteRole {
    /** Login, first start, health, the OpenAPI document: answered without credentials. */
    PUBLIC,
    /** {@code /metrics}: a token, a session, or a client address in {@code web.metrics_allow}. */
    METRICS
}
