package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.LabelName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-start setup, login (wrong password, rate limit), logout, and session cookie + CSRF through real HTTP. */
class AuthRoutesTest {

    private static final String PASSWORD = "correct-horse-battery";

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

    private HttpResponse<String> anonymousPost(String path, String body) throws Exception {
        return web.send(web.request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The session id from a Set-Cookie answer, checking the cookie's flags on the way. */
    private static String sessionCookie(HttpResponse<String> response) {
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Sessions.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> withSession(String cookie, String csrf, HttpRequest.Builder request) throws Exception {
        request.header("Cookie", cookie);
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return web.send(request);
    }

    @Test
    void setupOnceThenLoginWorksAndWrongPasswordsAreRateLimited() throws Exception {
        assertThat(web.expect(web.send(web.request("/api/v1/setup").GET()), 200).get("password_set").asBoolean()).isFalse();
        assertThat(web.expect(anonymousPost("/api/v1/login", "{\"password\": \"x\"}"), 409).get("error").asText()).isEqualTo("setup_needed");
        assertThat(web.expect(anonymousPost("/api/v1/setup", "{\"password\": \"short\"}"), 400).get("error").asText()).isEqualTo("weak_password");
        assertThat(web.expect(anonymousPost("/api/v1/setup", "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(anonymousPost("/api/v1/setup", "{\"password\": \"" + "p".repeat(1025) + "\"}"), 400).get("error").asText())
                .isEqualTo("invalid_field");
        assertThat(web.expect(web.send(web.request("/api/v1/setup").GET()), 200).get("password_set").asBoolean()).isFalse();

        HttpResponse<String> setup = anonymousPost("/api/v1/setup", "{\"password\": \"" + PASSWORD + "\"}");
        assertThat(web.expect(setup, 200).get("csrf_token").asText()).isNotBlank();
        sessionCookie(setup);
        assertThat(web.expect(web.send(web.request("/api/v1/setup").GET()), 200).get("password_set").asBoolean()).isTrue();
        assertThat(web.expect(anonymousPost("/api/v1/setup", "{\"password\": \"another-long-password\"}"), 409).get("error").asText())
                .isEqualTo("already_set");

        HttpResponse<String> login = anonymousPost("/api/v1/login", "{\"password\": \"" + PASSWORD + "\"}");
        assertThat(web.expect(login, 200).get("csrf_token").asText()).isNotBlank();
        sessionCookie(login);

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = anonymousPost("/api/v1/login", "{\"password\": \"wrong-" + i + "\"}");
            assertThat(web.expect(wrong, 401).get("error").asText()).isEqualTo("unauthorized");
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(wrong.body()).doesNotContain("wrong-" + i);
        }
        HttpResponse<String> limited = anonymousPost("/api/v1/login", "{\"password\": \"" + PASSWORD + "\"}");
        assertThat(web.expect(limited, 429).get("error").asText()).isEqualTo("too_many_attempts");
        assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L)).isPositive();
        assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void sessionNeedsItsCsrfTokenForChangesAndLogoutEndsIt() throws Exception {
        HttpResponse<String> setup = anonymousPost("/api/v1/setup", "{\"password\": \"" + PASSWORD + "\"}");
        String csrf = web.expect(setup, 200).get("csrf_token").asText();
        String cookie = sessionCookie(setup);

        JsonNode session = web.expect(withSession(cookie, null, web.request("/api/v1/session").GET()), 200);
        assertThat(session.get("user").asText()).isNotBlank();
        assertThat(session.get("csrf_token").asText()).isEqualTo(csrf);
        assertThat(withSession(cookie, null, web.request("/api/v1/labels").GET()).statusCode()).isEqualTo(200);

        HttpRequest.Builder create = web.request("/api/v1/labels").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"red\"}"));
        assertThat(web.expect(withSession(cookie, null, create), 403).get("error").asText()).isEqualTo("csrf");
        assertThat(web.expect(withSession(cookie, "not-" + csrf, create.copy()), 403).get("error").asText()).isEqualTo("csrf");
        assertThat(web.store.labels()).isEmpty();
        assertThat(withSession(cookie, csrf, create.copy()).statusCode()).isEqualTo(201);
        assertThat(web.store.labels()).containsExactly(LabelName.of("red"));

        HttpRequest.Builder logout = web.request("/api/v1/logout").POST(HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(web.expect(withSession(cookie, null, logout), 403).get("error").asText()).isEqualTo("csrf");
        HttpResponse<String> out = withSession(cookie, csrf, logout.copy());
        assertThat(web.expect(out, 200).get("ok").asBoolean()).isTrue();
        assertThat(out.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
        assertThat(withSession(cookie, null, web.request("/api/v1/labels").GET()).statusCode()).isEqualTo(401);
        HttpRequest.Builder delete = web.request("/api/v1/labels/red").DELETE();
        assertThat(withSession(cookie, csrf, delete).statusCode()).isEqualTo(401);
        assertThat(web.store.labels()).containsExactly(LabelName.of("red"));
    }

    @Test
    void forgedCookiesAndMalformedAuthorizationAreRefused() throws Exception {
        assertThat(withSession(Sessions.COOKIE + "=forged", null, web.request("/api/v1/labels").GET()).statusCode()).isEqualTo(401);
        assertThat(web.send(web.request("/api/v1/labels").header("Authorization", "Basic YWRtaW46YWRtaW4=").GET()).statusCode())
                .isEqualTo(401);
        assertThat(web.send(web.request("/api/v1/labels").header("Authorization", "Bearer " + web.token + "x").GET()).statusCode())
                .isEqualTo(401);
        // An API token needs no CSRF token: a browser never sends one by itself.
        assertThat(web.postJson("/api/v1/labels", "{\"name\": \"ok\"}").statusCode()).isEqualTo(201);
    }
}
