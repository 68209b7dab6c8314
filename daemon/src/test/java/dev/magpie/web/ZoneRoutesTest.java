package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.app.Daemon;
import dev.magpie.config.WebConfig;
import dev.magpie.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneRoutesTest {

    @TempDir
    Path dir;

    WebFixture web;
    Path configFile;

    static String config(Path frames) {
        return """
                # my own note about this device
                device:
                  id: zonetest   # keep this id
                cameras:
                  - name: cam
                    source:
                      replay: %s
                      loop: true
                      fps: 5
                    width: 320
                    height: 240
                    fps: 5
                # zones below
                zones:
                  # a comment inside zones (rewritten away)
                  - name: shelf
                    camera: cam
                    rect: [0, 0, 160, 120]
                    rules:
                      - label: empty
                        threshold: 0.6
                        min_frames: 2
                # the MQTT section stays as written
                mqtt:
                  enabled: false
                """.formatted(frames);
    }

    @BeforeEach
    void start() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Files.write(frames.resolve("a.jpg"), TestImages.jpeg(320, 240));
        configFile = dir.resolve("magpie.yaml");
        Files.writeString(configFile, config(frames));
        web = new WebFixture(Files.createDirectories(dir.resolve("data")), WebConfig.defaults(), Optional.of(configFile));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void zonesAreListedWithTheirRulesAndTheThresholdsInForce() throws Exception {
        HttpResponse<String> response = web.get("/api/v1/zones");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = web.parse(response);
        assertThat(body.get("editable").asBoolean()).isTrue();
        JsonNode zone = body.get("zones").get(0);
        assertThat(zone.get("name").asText()).isEqualTo("shelf");
        assertThat(zone.get("rect").toString()).isEqualTo("[0,0,160,120]");
        JsonNode rule = zone.get("rules").get(0);
        assertThat(rule.get("label").asText()).isEqualTo("empty");
        assertThat(rule.get("threshold").asDouble()).isEqualTo(0.6);
        assertThat(rule.get("clear_threshold").isNull()).isTrue();
        assertThat(rule.get("effective").get("threshold").asDouble()).isEqualTo(0.6);
        assertThat(rule.get("effective").get("clear_threshold").asDouble()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rule.get("effective").get("min_frames").asInt()).isEqualTo(2);
    }

    @Test
    void putSavesTheZoneKeepsOtherCommentsAndReloadsTheDaemon() throws Exception {
        Daemon before = web.runner.daemon();
        HttpResponse<String> response = web.putJson("/api/v1/zones/shelf", """
                {"rect": [10, 20, 100, 80],
                 "rules": [{"label": "empty", "threshold": 0.7, "min_frames": 4, "cooldown_seconds": 30},
                           {"label": "full", "alert": false}]}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(web.runner.daemon()).isNotSameAs(before);
        String text = Files.readString(configFile);
        assertThat(text).contains("# my own note about this device", "id: zonetest   # keep this id",
                "# zones below", "# the MQTT section stays as written");
        assertThat(text).doesNotContain("a comment inside zones");
        JsonNode zone = web.parse(web.get("/api/v1/zones")).get("zones").get(0);
        assertThat(zone.get("rect").toString()).isEqualTo("[10,20,100,80]");
        JsonNode effective = zone.get("rules").get(0).get("effective");
        assertThat(effective.get("threshold").asDouble()).isEqualTo(0.7);
        assertThat(effective.get("min_frames").asInt()).isEqualTo(4);
        assertThat(effective.get("cooldown_seconds").asInt()).isEqualTo(30);
        assertThat(zone.get("rules").get(1).get("alert").asBoolean()).isFalse();
    }

    @Test
    void putCanAddAZone() throws Exception {
        HttpResponse<String> response = web.putJson("/api/v1/zones/door", "{\"rect\": [160, 120, 80, 80], \"rules\": []}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode zones = web.parse(web.get("/api/v1/zones")).get("zones");
        assertThat(zones).hasSize(2);
        assertThat(zones.get(1).get("name").asText()).isEqualTo("door");
        assertThat(zones.get(1).get("running").asBoolean()).isTrue();
    }

    @Test
    void invalidRuleIsRefusedWithTheLoadersMessageAndTheFileIsUnchanged() throws Exception {
        byte[] before = Files.readAllBytes(configFile);
        Daemon daemon = web.runner.daemon();
        HttpResponse<String> response = web.putJson("/api/v1/zones/shelf",
                "{\"rules\": [{\"label\": \"empty\", \"threshold\": 1.5, \"debounce\": 3}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = web.parse(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid_config");
        assertThat(body.get("message").asText()).containsPattern("line \\d+: zones\\[0\\]\\.rules\\[0\\]\\.threshold = 1\\.5: ")
                .contains("debounce");
        assertThat(Files.readAllBytes(configFile)).isEqualTo(before);
        assertThat(web.runner.daemon()).isSameAs(daemon);
    }

    @Test
    void zoneOutsideTheFrameIsRefused() throws Exception {
        HttpResponse<String> response = web.putJson("/api/v1/zones/shelf", "{\"rect\": [300, 200, 100, 100]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("invalid_config");
    }

    @Test
    void hostileZoneNameIsRefused() throws Exception {
        byte[] before = Files.readAllBytes(configFile);
        HttpResponse<String> response = web.putJson("/api/v1/zones/..%2F..%2Fetc", "{\"rect\": [0, 0, 50, 50]}");
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(Files.readAllBytes(configFile)).isEqualTo(before);
    }
}
