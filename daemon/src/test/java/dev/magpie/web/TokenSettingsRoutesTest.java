package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET/POST /api/v1/tokens, DELETE /api/v1/tokens/{name} and GET /api/v1/settings through real HTTP. */
class TokenSettingsRoutesTest {

    private static final String BROKER_PASSWORD = "Very-Secret-Broker-Pw-42";

    @TempDir
    Path dir;

    WebFixture web;

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    private List<String> tokenNames() throws Exception {
        List<String> names = new ArrayList<>();
        web.parse(web.get("/api/v1/tokens")).get("tokens").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    @Test
    void createListUseAndRevokeATokenWhichIsShownOnce() throws Exception {
        web = new WebFixture(Files.createDirectories(dir.resolve("data")));
        JsonNode created = web.expect(web.postJson("/api/v1/tokens", "{\"name\": \"ha-bridge\"}"), 201);
        String secret = created.get("token").asText();
        assertThat(created.get("name").asText()).isEqualTo("ha-bridge");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(20);

        JsonNode listed = web.expect(web.get("/api/v1/tokens"), 200);
        assertThat(listed.toString()).doesNotContain(secret);
        assertThat(tokenNames()).containsExactlyInAnyOrder("tests", "ha-bridge");
        for (JsonNode token : listed.get("tokens")) {
            assertThat(token.get("created").asText()).isNotBlank();
            assertThat(token.has("token")).isFalse();
        }
        String onDisk = String.join("\n", readTree(dir.resolve("data")));
        assertThat(onDisk).doesNotContain(secret); // stored hashed

        HttpResponse<String> used = web.send(web.request("/api/v1/labels").header("Authorization", "Bearer " + secret).GET());
        assertThat(used.statusCode()).isEqualTo(200);

        assertThat(web.expect(web.postJson("/api/v1/tokens", "{\"name\": \"ha-bridge\"}"), 409).get("error").asText()).isEqualTo("token_exists");
        assertThat(web.expect(web.delete("/api/v1/tokens/ha-bridge"), 200).get("revoked").asText()).isEqualTo("ha-bridge");
        assertThat(tokenNames()).containsExactly("tests");
        assertThat(web.send(web.request("/api/v1/labels").header("Authorization", "Bearer " + secret).GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void badNamesAre400UnknownNamesAre404AndNothingChanges() throws Exception {
        web = new WebFixture(Files.createDirectories(dir.resolve("data")));
        assertThat(web.expect(web.postJson("/api/v1/tokens", "{\"name\": \"../../etc\"}"), 400).get("error").asText())
                .isEqualTo("invalid_token_name");
        assertThat(web.expect(web.postJson("/api/v1/tokens", "{\"name\": \"" + "n".repeat(65) + "\"}"), 400).get("error").asText())
                .isEqualTo("invalid_token_name");
        assertThat(web.expect(web.postJson("/api/v1/tokens", "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/tokens", "{\"name\": null}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.delete("/api/v1/tokens/nosuch"), 404).get("error").asText()).isEqualTo("unknown_token");
        assertThat(web.expect(web.delete("/api/v1/tokens/..%2Fx"), 404).get("error").asText()).isEqualTo("unknown_token");
        assertThat(tokenNames()).containsExactly("tests");
        assertThat(web.send(web.request("/api/v1/tokens").GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void settingsNeverShowTheBrokerPassword() throws Exception {
        Path secretFile = dir.resolve("mqtt-password");
        Files.writeString(secretFile, BROKER_PASSWORD);
        Files.setPosixFilePermissions(secretFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("magpie.yaml");
        Files.writeString(config, """
                mqtt:
                  enabled: false
                  broker: tcp://127.0.0.1:1883
                  username: magpie
                  password: {file: %s}
                """.formatted(secretFile));
        web = new WebFixture(Files.createDirectories(dir.resolve("data")), dev.magpie.config.WebConfig.defaults(), Optional.of(config));
        HttpResponse<String> response = web.get("/api/v1/settings");
        JsonNode body = web.expect(response, 200);
        assertThat(body.get("mqtt").get("username").asText()).isEqualTo("magpie");
        assertThat(body.get("mqtt").get("broker").asText()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(body.get("mqtt").has("password")).isFalse();
        assertThat(response.body()).doesNotContain(BROKER_PASSWORD).doesNotContain("mqtt-password");
        assertThat(body.get("config_file").asText()).isEqualTo(config.toString());
    }

    private static List<String> readTree(Path root) throws Exception {
        List<String> texts = new ArrayList<>();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }
}
