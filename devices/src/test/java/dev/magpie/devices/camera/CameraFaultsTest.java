package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.devices.camera.SourceHealth.State;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A network camera that misbehaves in every way, again and again: it stalls without closing (the read timeout must
 * notice), sends a run of corrupt frames, and hangs up halfway through a frame. The capture loop must come back to
 * streaming after each, publish every state change with its cause, and hold no more threads or file descriptors after
 * the twentieth round than after the third.
 */
@Tag("reliability")
class CameraFaultsTest {

    private static final int ROUNDS = 20;

    private final CameraServer camera = new CameraServer();
    private final byte[] frame = TestJpegs.jpeg(64, 48, 120);

    CameraFaultsTest() throws IOException {
    }

    @AfterEach
    void stopCamera() {
        camera.close();
    }

    @Test
    void stallsCorruptFramesAndHangUpsAreSurvivedWithoutLeaks() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            camera.then(this::stallsAfterTwoFrames);
            camera.then(this::sendsCorruptFrames);
            camera.then(this::hangsUpMidFrame);
        }
        camera.then(exchange -> {
            CameraServer.part(CameraServer.startMultipart(exchange), frame);
            return CameraServer.Script.HOLD;
        });
        BlockingQueue<SourceHealth> changes = new LinkedBlockingQueue<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        MjpegStreamSource source = new MjpegStreamSource(camera.uri("/stream"),
                new HttpTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), new StreamLimits(16 * 1024, 3), null,
                Clock.systemUTC());
        LatestFrameSlot slot = new LatestFrameSlot();
        long[] afterThirdRound = null;
        int recoveries = 0;
        try (CaptureLoop loop = CaptureLoop.start(source, slot, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
                health -> {
                    changes.add(health);
                    if (health.state() == State.RECONNECTING && health.lastError() != null) {
                        errors.add(health.lastError());
                    }
                })) {
            while (recoveries < 3 * ROUNDS) {
                SourceHealth change = changes.poll(20, TimeUnit.SECONDS);
                assertThat(change).as("a state change after %d recoveries; errors so far %s", recoveries, errors).isNotNull();
                if (change.state() == State.STREAMING && change.reconnects() > recoveries) {
                    recoveries = (int) change.reconnects();
                    if (recoveries == 9) {
                        afterThirdRound = resources();
                    }
                }
                slot.take(Duration.ofMillis(1)).ifPresent(Frame::close);
            }
            assertThat(loop.health().state()).as("streaming from the camera's last, good connection").isEqualTo(State.STREAMING);
            assertThat(camera.connections.get()).isEqualTo(3 * ROUNDS + 1);
            long[] atTheEnd = resources();
            System.out.printf("camera faults: %d rounds, %d reconnects; threads %d -> %d, fds %d -> %d%n", ROUNDS,
                    recoveries, afterThirdRound[0], atTheEnd[0], afterThirdRound[1], atTheEnd[1]);
            assertThat(atTheEnd[0]).as("threads").isLessThanOrEqualTo(afterThirdRound[0] + 1);
            assertThat(atTheEnd[1]).as("file descriptors").isLessThanOrEqualTo(afterThirdRound[1] + 2);
            assertThat(CaptureThreads.alive()).hasSize(1);
        }
        assertThat(errors).anyMatch(e -> e.toLowerCase().contains("timed out"));
        assertThat(errors).anyMatch(e -> e.contains("3 frames in a row were unusable"));
        assertThat(errors).anyMatch(e -> e.contains("stream ended"));
        assertThat(CaptureThreads.alive()).isEmpty();
    }

    private boolean stallsAfterTwoFrames(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        OutputStream out = CameraServer.startMultipart(exchange);
        CameraServer.part(out, frame);
        CameraServer.part(out, frame);
        sleep(900); // three read timeouts without a byte, then hang up
        return false;
    }

    private boolean sendsCorruptFrames(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        OutputStream out = CameraServer.startMultipart(exchange);
        CameraServer.part(out, frame);
        byte[] garbage = new byte[500];
        Arrays.fill(garbage, (byte) 7);
        for (int i = 0; i < 3; i++) {
            CameraServer.part(out, garbage);
        }
        return false;
    }

    private boolean hangsUpMidFrame(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        OutputStream out = CameraServer.startMultipart(exchange);
        CameraServer.part(out, frame);
        out.write(("--" + CameraServer.BOUNDARY + "\r\nContent-Length: " + frame.length + "\r\n\r\n").getBytes());
        out.write(frame, 0, frame.length / 2);
        out.flush();
        return false;
    }

    /** Threads other than the test camera's own server threads, and open file descriptors, of this JVM. */
    private static long[] resources() throws IOException {
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("test-camera-server-"))
                .count();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        return new long[] {threads, fds};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
