package dev.magpie.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full: the data directory is an 8 MB tmpfs ({@code mount -t tmpfs}; needs root, skipped otherwise). A daemon
 * (child process) watches a replay camera with an inbox that keeps every crop; the disk is then filled to the last
 * byte. The daemon must keep running and publishing zone states on MQTT, the inbox must stop growing, labelling a
 * new photo must fail with a clear message, and the store must stay sound. After the filler is removed, everything
 * works again.
 */
@Tag("reliability")
class DiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "diskfull";
    private static final String STATE = "magpie/" + DEVICE + "/shelf/state";

    @TempDir
    Path temp;

    private Path mount;
    private final List<MagpieChild> children = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (MagpieChild child : children) {
            child.kill();
        }
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskStopsTheInboxAndLabellingClearlyWhileAlertsFlowAndNothingIsDamaged() throws Exception {
        mount = Files.createDirectories(temp.resolve("tmpfs"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mounting.waitFor(10, TimeUnit.SECONDS) && mounting.exitValue() == 0;
        if (!mounted) {
            mount = null;
        }
        assumeTrue(mounted, "mounting a tmpfs needs root: " + new String(mounting.getInputStream().readAllBytes()));
        Path dataDir = Files.createDirectories(mount.resolve("data"));
        Path logs = temp.resolve("logs");
        Files.writeString(dataDir.resolve("magpie.yaml"), "models:\n  backbone: \"" + SharedFiles.backbone()
                + "\"\n  download: false\n");
        List<String> importArgs = new ArrayList<>(List.of("import"));
        for (int i = 0; i < 16; i++) {
            Path file = temp.resolve("seed" + i + ".png");
            Files.write(file, SyntheticImages.image(i % 2 == 0 ? "red" : "blue", 500 + i, "png"));
            importArgs.addAll(List.of(file.toString()));
        }
        for (String colour : List.of("red", "blue")) {
            List<String> args = new ArrayList<>(List.of("import", "--label", colour));
            for (int i = colour.equals("red") ? 0 : 1; i < 16; i += 2) {
                args.add(temp.resolve("seed" + i + ".png").toString());
            }
            assertThat(MagpieChild.run(dataDir, logs.resolve("import-" + colour + ".log"), 120, args.toArray(String[]::new))).isZero();
        }
        assertThat(MagpieChild.run(dataDir, logs.resolve("train.log"), 300, "train", "--views", "1")).isZero();

        try (MosquittoBroker broker = MosquittoBroker.builder(temp.resolve("broker")).start();
             MqttProbe probe = MqttProbe.connect(broker.uri()).subscribe(STATE).subscribe("magpie/" + DEVICE + "/cmd/+/reply")) {
            Path config = runConfig(broker.uri());
            MagpieChild daemon = start(dataDir, logs.resolve("daemon-1.log"), config);
            awaitStates(probe, daemon, 3);
            awaitInboxGrowth(dataDir, daemon);

            // Fill the disk to the last byte.
            Path filler = dataDir.resolve("filler");
            fill(filler);
            long inboxWhenFull = count(dataDir.resolve("inbox"));
            awaitStates(probe, daemon, 5); // alerts keep flowing
            Thread.sleep(3000);
            awaitStates(probe, daemon, 3);
            assertThat(daemon.isAlive()).as(daemon.output()).isTrue();
            assertThat(count(dataDir.resolve("inbox"))).as("inbox stops collecting when the disk is full")
                    .isLessThanOrEqualTo(inboxWhenFull);
            // Labelling a new photo (MQTT capture stores the current frame under a label) reports a clear error.
            probe.publish("magpie/" + DEVICE + "/cmd/capture", "{\"label\": \"red\"}");
            JsonNode reply = JSON.readTree(probe.next("magpie/" + DEVICE + "/cmd/capture/reply", Duration.ofSeconds(20)).payload());
            System.out.println("disk full: capture reply " + reply);
            assertThat(reply.path("ok").asBoolean(true)).as(reply.toString()).isFalse();
            assertThat(reply.path("message").asText()).as(reply.toString()).containsIgnoringCase("space");
            assertThat(daemon.isAlive()).as(daemon.output()).isTrue();
            daemon.kill();

            StoreAudit full = StoreAudit.of(dataDir);
            assertThat(full.problems).as("store while the disk is full").isEmpty();
            // The CLI: importing a labelled photo fails with a clear message, not a stack trace.
            Path photo = temp.resolve("new.png");
            Files.write(photo, SyntheticImages.image("red", 4242, "png"));
            Path importLog = logs.resolve("import-full.log");
            int code = MagpieChild.run(dataDir, importLog, 120, "import", "--label", "red", photo.toString());
            String importOutput = Files.readString(importLog);
            System.out.println("disk full: import exit " + code + ": " + importOutput.strip());
            assertThat(code).as(importOutput).isNotZero();
            assertThat(importOutput).containsIgnoringCase("space").doesNotContain("\tat ");
            assertThat(StoreAudit.of(dataDir).problems).as("store after a refused import").isEmpty();

            // Space returns: everything works again.
            Files.delete(filler);
            assertThat(MagpieChild.run(dataDir, logs.resolve("import-after.log"), 120, "import", "--label", "red",
                    photo.toString())).as(Files.readString(logs.resolve("import-after.log"))).isZero();
            MagpieChild again = start(dataDir, logs.resolve("daemon-2.log"), config);
            awaitStates(probe, again, 3);
            awaitInboxGrowth(dataDir, again);
            again.kill(); // SIGKILL: an inbox write may be cut; the start-up sweep of the next command cleans it
            assertThat(MagpieChild.run(dataDir, logs.resolve("sweep.log"), 120, "images", "list")).isZero();
            StoreAudit after = StoreAudit.of(dataDir);
            assertThat(after.problems).as("store after recovery").isEmpty();
            assertThat(after.images).containsKey(StoreAudit.sha256(photo));
        }
    }

    private MagpieChild start(Path dataDir, Path log, Path config) throws IOException {
        MagpieChild child = MagpieChild.start(dataDir, log, "run", "--config", config.toString());
        children.add(child);
        return child;
    }

    private static void awaitStates(MqttProbe probe, MagpieChild daemon, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(daemon.isAlive()).as(daemon.output()).isTrue();
            try {
                probe.next(STATE, Duration.ofSeconds(60));
            } catch (AssertionError e) {
                throw new AssertionError("no zone state on MQTT: " + daemon.output(), e);
            }
        }
    }

    private static void awaitInboxGrowth(Path dataDir, MagpieChild daemon) throws Exception {
        long before = count(dataDir.resolve("inbox"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(dataDir.resolve("inbox")) <= before) {
            assertThat(System.nanoTime()).as("inbox never grew: " + daemon.output()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long count(Path folder) throws IOException {
        return StoreAudit.files(folder).size();
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
        try (OutputStream out = Files.newOutputStream(filler.resolveSibling("filler-tail"))) {
            while (true) {
                out.write(1);
            }
        } catch (IOException full) {
            // the last bytes of the last block
        }
    }

    private Path runConfig(String broker) throws IOException {
        Path frames = Files.createDirectories(temp.resolve("frames"));
        for (int i = 0; i < 40; i++) {
            Files.write(frames.resolve(String.format("%03d.png", i)), SyntheticImages.image((i / 5) % 2 == 0 ? "red" : "blue",
                    9000 + i, "png"));
        }
        Path file = temp.resolve("run.yaml");
        Files.writeString(file, """
                device:
                  id: %s
                cameras:
                  - name: cam
                    source:
                      replay: "%s"
                    width: %d
                    height: %d
                    fps: 10
                motion:
                  enabled: false
                zones:
                  - name: shelf
                    camera: cam
                    rect: [0, 0, %d, %d]
                    rules:
                      - label: red
                        threshold: 0.6
                        min_frames: 1
                        end_frames: 1
                        cooldown_seconds: 0
                inbox:
                  sample_rate: 1.0
                  per_minute: 600
                  per_hour: 10000
                  per_day: 10000
                  duplicate_distance: 0
                mqtt:
                  enabled: true
                  broker: %s
                  discovery: false
                retraining:
                  enabled: false
                models:
                  backbone: "%s"
                  download: false
                """.formatted(DEVICE, frames, SyntheticImages.SIZE, SyntheticImages.SIZE, SyntheticImages.SIZE,
                SyntheticImages.SIZE, broker, SharedFiles.backbone()));
        return file;
    }
}
