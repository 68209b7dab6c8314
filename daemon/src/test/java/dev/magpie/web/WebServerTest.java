package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.config.WebConfig;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerTest {

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
    void healthAndStaticFilesNeedNoCredentials() throws Exception {
        HttpResponse<String> health = web.send(web.request("/api/v1/health").GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        HttpResponse<String> index = web.send(web.request("/").GET());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("Magpie");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void statusRefusesWithoutCredentialsAndAnswersWithAToken() throws Exception {
        HttpResponse<String> refused = web.send(web.request("/api/v1/status").GET());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(web.parse(refused).get("error").asText()).isEqualTo("unauthorized");

        HttpResponse<String> wrongToken = web.send(web.request("/api/v1/status").header("Authorization", "Bearer mgp_nope").GET());
        assertThat(wrongToken.statusCode()).isEqualTo(401);

        HttpResponse<String> status = web.get("/api/v1/status");
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode body = web.parse(status);
        assertThat(body.has("model_version")).isTrue();
        assertThat(body.get("memory").get("heap_max_mb").asLong()).isPositive();
        assertThat(body.get("cameras").isArray()).isTrue();
    }

    @Test
    void predictionKeyHeaderIsAcceptedAsAToken() throws Exception {
        HttpResponse<String> status = web.send(web.request("/api/v1/status").header("Prediction-Key", web.token).GET());
        assertThat(status.statusCode()).isEqualTo(200);
    }

    @Test
    void firstStartSetsThePasswordOnceThenLoginGivesASessionThatNeedsCsrf() throws Exception {
        assertThat(web.send(web.request("/api/v1/setup").GET()).body()).isEqualTo("{\"password_set\":false}");
        HttpResponse<String> login = web.send(web.request("/api/v1/login")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"correct horse\"}")));
        assertThat(login.statusCode()).isEqualTo(409);
        assertThat(web.parse(login).get("error").asText()).isEqualTo("setup_needed");

        HttpResponse<String> weak = web.send(web.request("/api/v1/setup").POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"short\"}")));
        assertThat(weak.statusCode()).isEqualTo(400);
        HttpResponse<String> setup = web.send(web.request("/api/v1/setup")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"correct horse\"}")));
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("web/admin-password")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.readString(dataDir.resolve("web/admin-password"))).startsWith("pbkdf2-sha256$")
                .doesNotContain("correct horse");
        HttpResponse<String> again = web.send(web.request("/api/v1/setup")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"another one\"}")));
        assertThat(again.statusCode()).isEqualTo(409);

        HttpResponse<String> ok = web.send(web.request("/api/v1/login")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"correct horse\"}")));
        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = web.parse(ok).get("csrf_token").asText();

        assertThat(web.send(web.request("/api/v1/labels").header("Cookie", cookie).GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> noCsrf = web.send(web.request("/api/v1/labels").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"apple\"}")));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(web.parse(noCsrf).get("error").asText()).isEqualTo("csrf");
        assertThat(web.store.labels()).isEmpty();
        HttpResponse<String> wrongCsrf = web.send(web.request("/api/v1/labels").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf + "x").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"apple\"}")));
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> created = web.send(web.request("/api/v1/labels").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"apple\"}")));
        assertThat(created.statusCode()).isEqualTo(201);

        web.send(web.request("/api/v1/logout").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(web.send(web.request("/api/v1/labels").header("Cookie", cookie).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void failedLoginsAreLimitedPerAddress() throws Exception {
        web.send(web.request("/api/v1/setup").POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"correct horse\"}")));
        for (int i = 0; i < 5; i++) {
            assertThat(web.send(web.request("/api/v1/login")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"guess " + i + "\"}"))).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = web.send(web.request("/api/v1/login")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"correct horse\"}")));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(web.parse(limited).get("error").asText()).isEqualTo("too_many_attempts");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void revokedTokenIsRefusedAtOnce() throws Exception {
        TokenStore tokens = new TokenStore(dataDir, java.time.Clock.systemUTC());
        String second = tokens.create("script");
        assertThat(web.send(web.request("/api/v1/labels").header("Authorization", "Bearer " + second).GET()).statusCode()).isEqualTo(200);
        assertThat(tokens.revoke("script")).isTrue();
        assertThat(web.send(web.request("/api/v1/labels").header("Authorization", "Bearer " + second).GET()).statusCode()).isEqualTo(401);
        assertThat(java.nio.file.Files.readString(dataDir.resolve("web/tokens.json"))).doesNotContain(second);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        byte[] big = new byte[31 * 1024 * 1024];
        // Expect: 100-continue, as curl sends for big bodies: the server refuses before reading and closes, and a
        // client still sending the body could lose the answer to the reset
        HttpResponse<String> response = web.send(web.authed("/api/v1/labels").header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("too_large");
    }

    @Test
    void unknownApiRouteIsAJson404() throws Exception {
        HttpResponse<String> response = web.get("/api/v1/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void bindFailureSaysWhichPortAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> WebServer.start(WebConfig.defaults().withBind("127.0.0.1").withPort(port),
                    webServices(), new PasswordHasher(1_000)))
                    .isInstanceOf(WebServer.WebStartException.class)
                    .hasMessage("Port " + port + " is already in use; stop the other process or set web.port");
        }
    }

    private WebServices webServices() throws Exception {
        return new WebServices(dataDir, web.store, web.decoder, WebFixture.backbone(), web.registry, () -> null, web.runner,
                Optional.empty(), java.util.Map.of(), java.time.Clock.systemUTC(), new WebMetrics());
    }
}
