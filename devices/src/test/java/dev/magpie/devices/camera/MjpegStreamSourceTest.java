package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.magpie.devices.camera.SourceHealth.State;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MjpegStreamSourceTest {

    private static final StreamLimits SMALL = new StreamLimits(16 * 1024, 3);
    private static byte[] dark;
    private static byte[] mid;
    private static byte[] bright;

    private final CameraServer camera = new CameraServer();

    MjpegStreamSourceTest() throws IOException {
    }

    @BeforeAll
    static void makeJpegs() {
        dark = TestJpegs.jpeg(64, 48, 40);
        mid = TestJpegs.jpeg(64, 48, 120);
        bright = TestJpegs.jpeg(64, 48, 200);
    }

    @AfterEach
    void stopCamera() {
        camera.close();
    }

    private MjpegStreamSource source(StreamLimits limits) {
        return new MjpegStreamSource(camera.uri("/stream"), new HttpTimeouts(Duration.ofSeconds(2),
                Duration.ofSeconds(5)), limits, null, Clock.systemUTC());
    }

    private static int readGrey(FrameSource source) throws IOException {
        try (Frame frame = source.read()) {
            return TestJpegs.grey(frame);
        }
    }

    @Test
    void readsPartsFramedByContentLength() throws Exception {
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, dark);
            CameraServer.part(out, mid);
            CameraServer.part(out, bright);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(40, within(3));
            assertThat(readGrey(source)).isCloseTo(120, within(3));
            try (Frame third = source.read()) {
                assertThat(TestJpegs.grey(third)).isCloseTo(200, within(3));
                assertThat(third.sequence()).isEqualTo(3);
                assertThat(third.bgr().size().width).isEqualTo(64);
            }
            assertThat(source.decodeFailures()).isZero();
        }
    }

    @Test
    void readsPartsWithoutContentLengthByJpegStructure() throws Exception {
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, dark, null);
            CameraServer.part(out, bright, null);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(40, within(3));
            assertThat(readGrey(source)).isCloseTo(200, within(3));
        }
    }

    @Test
    void readsABodyOfConcatenatedJpegsThatIsNotMultipart() throws Exception {
        camera.then(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[] {1, 2, 3}); // noise before the first image
            out.write(mid);
            out.write(dark);
            out.flush();
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(120, within(3));
            assertThat(readGrey(source)).isCloseTo(40, within(3));
        }
    }

    @Test
    void partOverTheCapIsSkippedAndCountedWithoutBeingHeld() throws Exception {
        byte[] huge = new byte[40 * 1024];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, huge);
            CameraServer.part(out, mid);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(120, within(3));
            assertThat(source.decodeFailures()).isEqualTo(1);
        }
    }

    @Test
    void imageOverTheCapWithoutContentLengthFailsTheStream() throws Exception {
        byte[] endless = new byte[40 * 1024];
        endless[0] = (byte) 0xFF;
        endless[1] = (byte) 0xD8;
        endless[2] = (byte) 0xFF;
        endless[3] = (byte) 0xDA; // start of scan: everything after is entropy data with no end marker
        endless[5] = 2;
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, endless, null);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThatThrownBy(source::read).isInstanceOf(IOException.class).hasMessageContaining("cap of 16384");
        }
    }

    @Test
    void garbagePartIsSkippedAndCounted() throws Exception {
        byte[] garbage = new byte[2000];
        new SplittableRandom(3).nextBytes(garbage);
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, garbage);
            CameraServer.part(out, bright);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(200, within(3));
            assertThat(source.decodeFailures()).isEqualTo(1);
        }
    }

    @Test
    void contentLengthShorterThanTheImageIsRejectedAndTheStreamResyncs() throws Exception {
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, dark, dark.length - 100);
            CameraServer.part(out, bright);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(200, within(3));
            assertThat(source.decodeFailures()).isEqualTo(1);
        }
    }

    @Test
    void contentLengthLongerThanTheImageStillYieldsTheImage() throws Exception {
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, dark, dark.length + 300); // swallows the start of the next part
            CameraServer.part(out, mid);
            CameraServer.part(out, bright);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThat(readGrey(source)).isCloseTo(40, within(3));
            assertThat(readGrey(source)).isCloseTo(200, within(3)); // mid was lost to the lie, not the stream
        }
    }

    @Test
    void runOfUndecodableFramesFailsTheStream() throws Exception {
        byte[] garbage = new byte[500];
        Arrays.fill(garbage, (byte) 7);
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            for (int i = 0; i < 3; i++) {
                CameraServer.part(out, garbage);
            }
            CameraServer.part(out, mid);
            return CameraServer.Script.HOLD;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            source.open();
            assertThatThrownBy(source::read).hasMessageContaining("3 frames in a row were unusable");
            assertThat(source.decodeFailures()).isEqualTo(3);
        }
    }

    @Test
    void httpErrorIsReportedWithItsStatus() throws Exception {
        camera.then(exchange -> {
            exchange.sendResponseHeaders(404, -1);
            return false;
        });
        try (MjpegStreamSource source = source(SMALL)) {
            assertThatThrownBy(source::open).hasMessageContaining("HTTP 404 from mjpeg:http://127.0.0.1:");
        }
    }

    @Test
    void refusedConnectionSaysSo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MjpegStreamSource source = new MjpegStreamSource(URI.create("http://127.0.0.1:" + port + "/s"))) {
            assertThatThrownBy(source::open).hasMessageContaining("cannot connect to mjpeg:http://127.0.0.1:" + port);
        }
    }

    @Test
    void captureLoopReconnectsAfterTheCameraDropsMidFrame() throws Exception {
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, dark);
            out.write(("--" + CameraServer.BOUNDARY + "\r\nContent-Length: " + mid.length + "\r\n\r\n").getBytes());
            out.write(mid, 0, mid.length / 2);
            out.flush();
            return false; // hang up halfway through the frame
        });
        camera.then(exchange -> {
            OutputStream out = CameraServer.startMultipart(exchange);
            CameraServer.part(out, bright);
            return CameraServer.Script.HOLD;
        });
        List<State> states = new CopyOnWriteArrayList<>();
        BlockingQueue<SourceHealth> changes = new LinkedBlockingQueue<>();
        LatestFrameSlot slot = new LatestFrameSlot();
        MjpegStreamSource source = source(SMALL);
        Backoff quick = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));

        try (CaptureLoop loop = CaptureLoop.start(source, slot, quick, health -> {
            states.add(health.state());
            changes.add(health);
        })) {
            SourceHealth recovered = null;
            while (recovered == null) {
                SourceHealth change = changes.poll(10, TimeUnit.SECONDS);
                assertThat(change).as("state changes until streaming again").isNotNull();
                if (change.state() == State.STREAMING && change.reconnects() > 0) {
                    recovered = change;
                }
            }
            assertThat(states).containsSubsequence(State.STREAMING, State.RECONNECTING, State.STREAMING);
            assertThat(recovered.lastError()).contains("stream ended");
            assertThat(camera.connections.get()).isEqualTo(2);
            try (Frame latest = slot.take(Duration.ofSeconds(10)).orElseThrow()) {
                assertThat(TestJpegs.grey(latest)).isCloseTo(200, within(3));
            }
            assertThat(loop.health().frames()).isEqualTo(2);
        }
        assertThat(CaptureThreads.alive()).isEmpty();
        assertThat(states).endsWith(State.STOPPED);
    }
}
