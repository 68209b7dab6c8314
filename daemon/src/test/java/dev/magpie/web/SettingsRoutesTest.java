package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.testing.LogCapture;
import dev.magpie.testing.MosquittoBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRoutesTest {

    private static final String PASSWORD = "s3cret-Broker-Pw";

    @TempDir
    Path dir;

    WebFixture web;
    MosquittoBroker broker;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(Files.createDirectories(dir.resolve("data")));
        broker = MosquittoBroker.builder(Files.createDirectories(dir.resolve("broker"))).password("magpie", PASSWORD).start();
    }

    @AfterEach
    void stop() {
        broker.close();
        web.close();
    }

    private JsonNode test(String body, int status) throws Exception {
        HttpResponse<String> response = web.postJson("/api/v1/settings/mqtt/test", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return web.parse(response);
    }

    @Test
    void rightCredentialsConnect() throws Exception {
        JsonNode result = test("{\"broker\": \"" + broker.uri() + "\", \"username\": \"magpie\", \"password\": \"" + PASSWORD + "\"}", 200);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    }

    @Test
    void wrongPasswordIsTheBrokersRefusalAndNeverLogged() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            JsonNode result = test("{\"broker\": \"" + broker.uri() + "\", \"username\": \"magpie\", \"password\": \"wrong-" + PASSWORD + "\"}", 200);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("reason").asText()).isIn("bad_credentials", "not_authorized");
            assertThat(result.toString()).doesNotContain(PASSWORD);
            assertThat(log.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port = MosquittoBroker.freePort();
        JsonNode result = test("{\"broker\": \"tcp://127.0.0.1:" + port + "\"}", 200);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("reason").asText()).isIn("unreachable", "timeout");
    }

    @Test
    void linkLocalMetadataAddressIsRefused() throws Exception {
        JsonNode result = test("{\"broker\": \"tcp://169.254.169.254:1883\"}", 400);
        assertThat(result.get("error").asText()).isEqualTo("forbidden_address");
    }

    @Test
    void otherSchemesAndEmbeddedCredentialsAreRefused() throws Exception {
        assertThat(test("{\"broker\": \"http://127.0.0.1:80\"}", 400).get("error").asText()).isEqualTo("invalid_broker");
        assertThat(test("{\"broker\": \"tcp://u:p@127.0.0.1:1883\"}", 400).get("error").asText()).isEqualTo("invalid_broker");
    }
}
