package dev.magpie.web;

import io.javalin.config.RoutesConfig;

/** A set of related routes, registered on the server's router at start. */
interface RouteGroup {
    void register(RoutesConfig routes);
}
