package dev.magpie.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts: Magpie runs as a child process doing real work (zip and loose-file imports, inbox imports, labelling
 * and unlabelling, training with promotion, promotion of older versions, and {@code run} with a replay camera
 * publishing to mosquitto) and is SIGKILLed after a seeded random delay, {@code magpie.powercut.kills} times
 * (default 50; counted only when the process was still running). After every cut a CLI command opens the store (the
 * start-up sweep runs) and the data directory is audited from outside ({@link StoreAudit}); a ledger of what each
 * command acknowledged (exit 0) before its cut must still be there. Every {@code run} must publish a zone state on
 * MQTT after its restart. Seed: {@code magpie.powercut.seed} (default 20240601).
 */
@Tag("reliability")
class PowerCutTest {

    private static final String ABSENT = "absent";
    private static final String INBOX = "";
    private static final String DEVICE = "powercut";
    private static final String STATE_TOPIC = "magpie/" + DEVICE + "/shelf/state";

    @TempDir
    Path temp;

    private Path dataDir;
    private Path logs;
    private Random random;
    private long imageSeed;
    private int step;
    /** sha256 → the states the store may be in: a label, INBOX or ABSENT. One state once a command acknowledged it. */
    private final Map<String, Set<String>> ledger = new HashMap<>();
    private final Map<String, String> colourOf = new HashMap<>();
    private final Map<String, Integer> opCounts = new HashMap<>();
    private final Map<String, Integer> killCounts = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int lostLabelled;
    private int corruptStores;
    private int runsWithState;

    @Test
    void nothingAcknowledgedIsLostAndTheStoreStaysSoundAcrossRandomPowerCuts() throws Exception {
        int kills = Integer.getInteger("magpie.powercut.kills", 50);
        long seed = Long.getLong("magpie.powercut.seed", 20240601L);
        random = new Random(seed);
        dataDir = temp.resolve("data");
        logs = temp.resolve("logs");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("magpie.yaml"), "models:\n  backbone: \"" + SharedFiles.backbone()
                + "\"\n  download: false\n");
        Path frames = replayFrames();
        long started = System.nanoTime();
        try (MosquittoBroker broker = MosquittoBroker.builder(temp.resolve("broker")).start();
             MqttProbe probe = MqttProbe.connect(broker.uri()).subscribe(STATE_TOPIC)) {
            Path runConfig = runConfig(frames, broker.uri());
            int landed = 0;
            // Seed a trainable dataset first, uncut, so that training and run are reachable early.
            mustSucceed(importZip(12));
            mustSucceed(new Op("train", List.of(), List.of("train", "--promote", "--views", "1"), Map.of()));
            audit("initial");
            while (landed < kills && step < kills * 5) { // fast children often finish before the cut: allow more tries
                step++;
                Op op = nextOp(runConfig);
                opCounts.merge(op.name, 1, Integer::sum);
                for (Map.Entry<String, String> change : op.changes.entrySet()) {
                    ledger.computeIfAbsent(change.getKey(), k -> new LinkedHashSet<>(Set.of(ABSENT))).add(change.getValue());
                }
                MagpieChild child = MagpieChild.start(dataDir, logs.resolve(step + "-" + op.name + ".log"),
                        op.args.toArray(String[]::new));
                if (op.name.equals("run")) {
                    probe.publish(STATE_TOPIC, new byte[0], true); // clear the retained state of the last run
                    awaitState(probe, child);
                    child.waitMillis(random.nextInt(1500));
                } else {
                    child.waitMillis(300 + random.nextInt(3500));
                }
                if (child.isAlive()) {
                    child.kill();
                    landed++;
                    killCounts.merge(op.name, 1, Integer::sum);
                } else if (child.exitCode() == 0) {
                    op.changes.forEach((sha, state) -> ledger.put(sha, new LinkedHashSet<>(Set.of(state))));
                } else {
                    failures.add("step " + step + ": " + child.commandLine() + " exited " + child.exitCode()
                            + " without a cut:\n" + child.output());
                }
                audit("step " + step + " (" + op.name + ")");
            }
            assertThat(landed).as("power cuts that landed while Magpie was running").isGreaterThanOrEqualTo(kills);
        }
        String summary = "power cuts: " + killCounts.values().stream().mapToInt(Integer::intValue).sum() + " landed " + killCounts
                + " over " + step + " steps " + opCounts + "; runs that published state after restart: " + runsWithState
                + "; corrupt stores: " + corruptStores + "; lost labelled images: " + lostLabelled + "; images tracked: "
                + ledger.size() + "; " + (System.nanoTime() - started) / 1_000_000_000 + " s";
        System.out.println(summary);
        assertThat(failures).as(summary).isEmpty();
    }

    // ---- operations -------------------------------------------------------------------------------------------------

    private record Op(String name, List<String> unused, List<String> args, Map<String, String> changes) {
    }

    private Op nextOp(Path runConfig) throws IOException {
        boolean hasModel = Files.exists(dataDir.resolve("models/current"));
        int pick = random.nextInt(100);
        if (pick < 15) {
            return importZip(4 + random.nextInt(6));
        } else if (pick < 30) {
            return importLoose(false);
        } else if (pick < 40) {
            return importLoose(true);
        } else if (pick < 55) {
            List<String> inbox = definite(INBOX);
            if (!inbox.isEmpty()) {
                String sha = inbox.get(random.nextInt(inbox.size()));
                return new Op("label", List.of(), List.of("images", "label", "--label", colourOf.get(sha), sha),
                        Map.of(sha, colourOf.get(sha)));
            }
            return importLoose(true);
        } else if (pick < 62) {
            List<String> labelled = new ArrayList<>(definite("red"));
            labelled.addAll(definite("blue"));
            if (labelled.size() > 20) {
                String sha = labelled.get(random.nextInt(labelled.size()));
                return new Op("unlabel", List.of(), List.of("images", "unlabel", sha), Map.of(sha, INBOX));
            }
            return importZip(4);
        } else if (pick < 75) {
            return new Op("train", List.of(), List.of("train", "--promote", "--views", "1"), Map.of());
        } else if (pick < 80 && hasModel) {
            List<String> versions = versions();
            return new Op("promote", List.of(), List.of("models", "promote", versions.get(random.nextInt(versions.size()))),
                    Map.of());
        } else if (hasModel) {
            return new Op("run", List.of(), List.of("run", "--config", runConfig.toString()), Map.of());
        }
        return importZip(4);
    }

    private Op importZip(int count) throws IOException {
        Path zip = temp.resolve("in/" + step + ".zip");
        Files.createDirectories(zip.getParent());
        Map<String, String> changes = new HashMap<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < count; i++) {
                String colour = i % 2 == 0 ? "red" : "blue";
                byte[] bytes = SyntheticImages.image(colour, ++imageSeed, i % 3 == 0 ? "jpg" : "png");
                String sha = track(bytes, colour);
                out.putNextEntry(new ZipEntry(colour + "/" + i + (i % 3 == 0 ? ".jpg" : ".png")));
                out.write(bytes);
                out.closeEntry();
                changes.put(sha, colour);
            }
        }
        return new Op("import-zip", List.of(), List.of("import", zip.toString()), changes);
    }

    private Op importLoose(boolean inbox) throws IOException {
        String colour = random.nextBoolean() ? "red" : "blue";
        Path folder = Files.createDirectories(temp.resolve("in/" + step));
        List<String> args = new ArrayList<>(List.of("import"));
        args.addAll(inbox ? List.of("--inbox") : List.of("--label", colour));
        Map<String, String> changes = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = SyntheticImages.image(colour, ++imageSeed, "png");
            Path file = folder.resolve(i + ".png");
            Files.write(file, bytes);
            args.add(file.toString());
            changes.put(track(bytes, colour), inbox ? INBOX : colour);
        }
        return new Op(inbox ? "import-inbox" : "import-files", List.of(), args, changes);
    }

    private String track(byte[] bytes, String colour) {
        String sha = StoreAudit.sha256(bytes);
        colourOf.put(sha, colour);
        return sha;
    }

    private List<String> definite(String state) {
        return ledger.entrySet().stream().filter(e -> e.getValue().equals(Set.of(state))).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private List<String> versions() throws IOException {
        try (Stream<Path> list = Files.list(dataDir.resolve("models"))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches("v\\d{4}")).sorted().toList();
        }
    }

    private void mustSucceed(Op op) throws Exception {
        int code = MagpieChild.run(dataDir, logs.resolve("setup-" + op.name + ".log"), 300, op.args.toArray(String[]::new));
        assertThat(code).as(op.args + "\n" + Files.readString(logs.resolve("setup-" + op.name + ".log"))).isZero();
        op.changes.forEach((sha, state) -> ledger.put(sha, new LinkedHashSet<>(Set.of(state))));
    }

    private void awaitState(MqttProbe probe, MagpieChild child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            MqttProbe.Received message;
            try {
                message = probe.next(STATE_TOPIC, Duration.ofMillis(500));
            } catch (AssertionError none) {
                if (!child.isAlive()) {
                    break;
                }
                continue;
            }
            if (message.payload().length > 0) {
                runsWithState++;
                return;
            }
        }
        failures.add("step " + step + ": run published no zone state after restart:\n" + child.output());
    }

    // ---- checks -----------------------------------------------------------------------------------------------------

    private void audit(String when) throws Exception {
        Path log = logs.resolve(step + "-audit.log");
        int code = MagpieChild.run(dataDir, log, 120, "images", "list");
        if (code != 0) {
            failures.add(when + ": 'images list' after the cut exited " + code + ":\n" + Files.readString(log));
        }
        if (Files.isDirectory(dataDir.resolve("models"))) {
            code = MagpieChild.run(dataDir, log, 120, "models", "list");
            if (code != 0) {
                failures.add(when + ": 'models list' after the cut exited " + code + ":\n" + Files.readString(log));
            }
        }
        StoreAudit audit = StoreAudit.of(dataDir);
        if (!audit.sound()) {
            corruptStores++;
            failures.add(when + ": " + audit.problems + "\n" + Files.readString(log));
        }
        for (Map.Entry<String, Set<String>> entry : ledger.entrySet()) {
            String observed = audit.images.getOrDefault(entry.getKey(), ABSENT);
            if (!entry.getValue().contains(observed)) {
                if (observed.equals(ABSENT)) {
                    lostLabelled++;
                }
                failures.add(when + ": " + entry.getKey() + " should be one of " + entry.getValue() + " but is " + observed);
            }
            entry.setValue(new LinkedHashSet<>(Set.of(observed)));
        }
        if (audit.currentModel.isPresent() && (step % 10 == 0)) {
            String sha = definite("red").get(0);
            Path image = Files.list(dataDir.resolve("dataset/red")).filter(p -> p.getFileName().toString().startsWith(sha))
                    .findFirst().orElseThrow();
            code = MagpieChild.run(dataDir, log, 120, "predict", image.toString());
            if (code != 0) {
                failures.add(when + ": predict with the current model exited " + code + ":\n" + Files.readString(log));
            }
        }
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------------

    private Path replayFrames() throws IOException {
        Path frames = Files.createDirectories(temp.resolve("frames"));
        for (int i = 0; i < 20; i++) {
            Files.write(frames.resolve(String.format("%03d.png", i)), SyntheticImages.image(i < 10 ? "red" : "blue",
                    -1 - i, "png"));
        }
        return frames;
    }

    private Path runConfig(Path frames, String broker) throws IOException {
        Path file = temp.resolve("run.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("""
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
                            min_frames: 2
                            end_frames: 2
                            cooldown_seconds: 0
                    mqtt:
                      enabled: true
                      broker: %s
                      discovery: false
                      keepalive_seconds: 5
                    retraining:
                      enabled: false
                    models:
                      backbone: "%s"
                      download: false
                    """).formatted(DEVICE, frames, SyntheticImages.SIZE, SyntheticImages.SIZE, SyntheticImages.SIZE,
                    SyntheticImages.SIZE, broker, SharedFiles.backbone()).getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
