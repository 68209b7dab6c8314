package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZonesOnDefaultsTest {

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
    void daemonOnBuiltInDefaultsSaysHowToGetAFile() throws Exception {
        assertThat(web.parse(web.get("/api/v1/zones")).get("editable").asBoolean()).isFalse();
        HttpResponse<String> response = web.putJson("/api/v1/zones/shelf", "{\"rect\": [0, 0, 50, 50]}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("no_config_file");
        assertThat(web.parse(response).get("message").asText()).contains("--config");
    }
}
