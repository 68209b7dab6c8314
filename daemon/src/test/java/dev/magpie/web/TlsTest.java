package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.config.SecretRef;
import dev.magpie.config.WebConfig;
import dev.magpie.config.WebTlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web.tls: a self-signed PKCS#12 keystore made by the JDK's keytool at test time; the server speaks only HTTPS on its
 * port, a client that trusts the certificate gets through, and the session cookie is marked Secure.
 */
class TlsTest {

    private static final String KEYSTORE_PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    WebFixture web;
    Path keystore;
    HttpClient trusting;

    @BeforeEach
    void start() throws Exception {
        keystore = dir.resolve("magpie.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "magpie", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=magpie-test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        Path passwordFile = dir.resolve("keystore-password");
        Files.writeString(passwordFile, KEYSTORE_PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        WebTlsConfig tls = new WebTlsConfig(keystore.toString(), SecretRef.ofFile("keystore_password", passwordFile.toString()));
        WebConfig config = new WebConfig(null, null, null, tls, null, null, null, null, List.of());
        web = new WebFixture(Files.createDirectories(dir.resolve("data")), config, Optional.empty());

        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        Certificate certificate = server.getCertificate("magpie");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("magpie", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        trusting = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + web.server.port() + path);
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthOverHttpsWithATrustedCertificate() throws Exception {
        HttpResponse<String> health = send(trusting, HttpRequest.newBuilder(https("/api/v1/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(web.parse(health).get("status").asText()).isEqualTo("ok");
        assertThat(health.sslSession()).isPresent();
        assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));

        HttpResponse<String> labels = send(trusting, HttpRequest.newBuilder(https("/api/v1/labels"))
                .header("Authorization", "Bearer " + web.token).GET().build());
        assertThat(labels.statusCode()).isEqualTo(200);
    }

    @Test
    void plainHttpToTheSamePortFails() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(web.uri("/api/v1/health")).timeout(Duration.ofSeconds(10)).GET().build();
        boolean refused;
        try {
            HttpResponse<String> response = send(plain, request);
            refused = response.statusCode() != 200; // a "plain HTTP sent to an HTTPS port" 400 would do as well
        } catch (IOException | InterruptedException e) {
            refused = true;
        }
        assertThat(refused).as("plain HTTP to the HTTPS port must not be served").isTrue();
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        HttpClient defaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> send(defaults, HttpRequest.newBuilder(https("/api/v1/health")).GET().build()))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e).isInstanceOfAny(SSLHandshakeException.class, IOException.class));
    }

    @Test
    void theSessionCookieIsMarkedSecure() throws Exception {
        HttpResponse<String> setup = send(trusting, HttpRequest.newBuilder(https("/api/v1/setup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"correct-horse-battery\"}")).build());
        assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
        String cookie = setup.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Sessions.COOKIE + "=").contains("; Secure", "HttpOnly", "SameSite=Strict");
        JsonNode body = web.parse(setup);

        HttpResponse<String> login = send(trusting, HttpRequest.newBuilder(https("/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"correct-horse-battery\"}")).build());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");

        HttpResponse<String> session = send(trusting, HttpRequest.newBuilder(https("/api/v1/session"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(web.parse(session).get("csrf_token").asText()).isEqualTo(body.get("csrf_token").asText());
    }
}
