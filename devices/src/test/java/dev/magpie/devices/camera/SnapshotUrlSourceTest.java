package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotUrlSourceTest {

    private final CameraServer camera = new CameraServer();
    private final FakePacer pacer = new FakePacer();

    SnapshotUrlSourceTest() throws IOException {
    }

    @AfterEach
    void stopCamera() {
        camera.close();
    }

    private SnapshotUrlSource source(BasicCredentials credentials) {
        return new SnapshotUrlSource(camera.uri("/snapshot.jpg?token=secret"), Duration.ofSeconds(2), credentials,
                HttpTimeouts.DEFAULT, new StreamLimits(16 * 1024, 3), pacer, Clock.systemUTC());
    }

    private static boolean image(HttpExchange exchange, byte[] jpeg) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
        exchange.sendResponseHeaders(200, jpeg.length);
        exchange.getResponseBody().write(jpeg);
        return false;
    }

    @Test
    void serverErrorFailsTheReadAndTheNextFetchWaitsForTheInterval() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(32, 24, 90);
        camera.then(exchange -> {
            exchange.sendResponseHeaders(500, -1);
            return false;
        });
        camera.then(exchange -> image(exchange, jpeg));
        try (SnapshotUrlSource source = source(null)) {
            source.open();
            assertThatThrownBy(source::read).hasMessage("HTTP 500 from snapshot:http://127.0.0.1:"
                    + camera.uri("/").getPort() + "/snapshot.jpg"); // no query: it may carry a token
            try (Frame frame = source.read()) {
                assertThat(TestJpegs.grey(frame)).isCloseTo(90, within(3));
                assertThat(frame.sequence()).isEqualTo(1);
            }
            assertThat(pacer.sleeps).containsExactly(Duration.ofSeconds(2).toNanos());
        }
    }

    @Test
    void credentialsAreSentAsBasicAuth() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(32, 24, 90);
        camera.then(exchange -> image(exchange, jpeg));
        try (SnapshotUrlSource source = source(new BasicCredentials("admin", "hunter2"))) {
            source.open();
            source.read().close();
        }
        assertThat(camera.authorizations).containsExactly("Basic YWRtaW46aHVudGVyMg==");
    }

    @Test
    void unauthorizedAnswerPointsAtTheCredentials() throws Exception {
        camera.then(exchange -> {
            exchange.sendResponseHeaders(401, -1);
            return false;
        });
        try (SnapshotUrlSource source = source(null)) {
            source.open();
            assertThatThrownBy(source::read).hasMessageContaining("HTTP 401")
                    .hasMessageContaining("check the camera user and password (none were given)");
        }
    }

    @Test
    void bodyOverTheCapIsRefused() throws Exception {
        camera.then(exchange -> image(exchange, new byte[64 * 1024]));
        try (SnapshotUrlSource source = source(null)) {
            source.open();
            assertThatThrownBy(source::read).hasMessageContaining("over the cap of 16384");
        }
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertThat(new BasicCredentials("admin", "hunter2").toString()).doesNotContain("hunter2");
    }
}
