package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/health, GET /api/v1/status and POST /api/v1/capture on a daemon with no cameras. */
class StatusCaptureRoutesTest {

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
    void healthIsPublicAndStatusNeedsCredentials() throws Exception {
        assertThat(web.expect(web.send(web.request("/api/v1/health").GET()), 200).get("status").asText()).isEqualTo("ok");
        assertThat(web.expect(web.send(web.request("/api/v1/status").GET()), 401).get("error").asText()).isEqualTo("unauthorized");
        JsonNode status = web.expect(web.get("/api/v1/status"), 200);
        assertThat(status.get("model_version").isNull()).isTrue();
        assertThat(status.get("cameras")).isEmpty();
        assertThat(status.get("zones")).isEmpty();
        assertThat(status.get("inbox_size").asInt()).isZero();
        assertThat(status.get("memory").get("heap_max_mb").asLong()).isPositive();
        assertThat(status.has("mqtt_connected")).isTrue();
    }

    @Test
    void captureWithoutACameraFrameIsAConflictAndStoresNothing() throws Exception {
        JsonNode body = web.expect(web.postJson("/api/v1/capture", "{\"label\": \"red\"}"), 409);
        assertThat(body.get("error").asText()).isEqualTo("no_frame");
        assertThat(web.store.images()).isEmpty();
        assertThat(web.store.labels()).isEmpty();
    }

    @Test
    void captureRefusesBadInput() throws Exception {
        assertThat(web.expect(web.postJson("/api/v1/capture", "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/capture", "{\"label\": \"a b\"}"), 400).get("error").asText()).isEqualTo("invalid_label");
        assertThat(web.expect(web.postJson("/api/v1/capture", "{\"label\": \"red\", \"burst\": 0}"), 400).get("error").asText())
                .isEqualTo("invalid_field");
        assertThat(web.expect(web.postJson("/api/v1/capture", "{\"label\": \"red\", \"burst\": 21}"), 400).get("error").asText())
                .isEqualTo("invalid_field");
        assertThat(web.expect(web.postJson("/api/v1/capture", "{\"label\": \"red\", \"burst\": \"3\"}"), 400).get("error").asText())
                .isEqualTo("invalid_field");
        assertThat(web.expect(web.postJson("/api/v1/capture", "{\"label\": \"red\", \"zone\": \"nosuch\"}"), 404).get("error").asText())
                .isEqualTo("unknown_zone");
        assertThat(web.expect(web.postJson("/api/v1/capture", "nope"), 400).get("error").asText()).isEqualTo("invalid_json");
        assertThat(web.store.images()).isEmpty();
    }
}
