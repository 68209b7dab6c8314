package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route Javalin has registered: refused without credentials (unless public on purpose), and in the OpenAPI document. */
class WebServerRoutesTest {

    private static final Set<String> PUBLIC = Set.of("GET /api/v1/health", "GET /api/v1/setup", "POST /api/v1/setup",
            "POST /api/v1/login", "GET /api/v1/openapi.json");

    @TempDir
    Path dataDir;

    WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dataDir);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void everyRegisteredRouteRefusesWithoutCredentialsExceptThePublicOnes() throws Exception {
        List<String> routes = web.server.routes();
        assertThat(routes).hasSizeGreaterThan(30);
        List<String> notRefused = new ArrayList<>();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            String method = parts[0].toUpperCase(Locale.ROOT);
            String path = parts[1].replaceAll("\\{[^}]+}", "x");
            HttpResponse<String> response = web.send(web.request(path)
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            if (PUBLIC.contains(method + " " + parts[1])) {
                assertThat(response.statusCode()).as(route).isNotEqualTo(401);
            } else if (response.statusCode() != 401) {
                notRefused.add(route + " -> " + response.statusCode());
            } else {
                JsonNode body = web.parse(response);
                assertThat(body.get("error").asText()).isEqualTo("unauthorized");
            }
        }
        assertThat(notRefused).isEmpty();
    }

    @Test
    void everyRegisteredRouteIsInTheOpenApiDocument() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(OpenApiRoutes.document()).get("paths");
        List<String> missing = new ArrayList<>();
        for (String route : web.server.routes()) {
            String[] parts = route.split(" ", 2);
            JsonNode path = paths.get(parts[1]);
            if (path == null || !path.has(parts[0].toLowerCase(Locale.ROOT))) {
                missing.add(route);
            }
        }
        assertThat(missing).isEmpty();
        HttpResponse<String> served = web.send(web.request("/api/v1/openapi.json").GET());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(web.parse(served).get("openapi").asText()).startsWith("3.");
    }
}
