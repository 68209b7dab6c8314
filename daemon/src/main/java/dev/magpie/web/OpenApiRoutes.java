package dev.magpie.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.0 document in the jar (OpenApiDocumentTest keeps it whole). */
final class OpenApiRoutes implements RouteGroup {

    static final String RESOURCE = "/dev/magpie/web/openapi.json";

    @Override
    public void register(RoutesConfig routes) {
        byte[] document = document();
        routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(document), Access.PUBLIC);
    }

    static byte[] document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
