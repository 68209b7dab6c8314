package dev.magpie.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.cli.InProcessCli;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus as one table: each row is an input the test generates, the entry point it is fed
 * through, and the exact refusal expected (exit code and message fragment for the CLI; error code and message
 * fragment in {@code cmd/<verb>/reply} for MQTT; status, error code and message fragment for HTTP). After every row
 * the store is unchanged (row counts and a hash of every file) and, for MQTT and HTTP, the daemon (a child process
 * serving MQTT, the REST API and the Custom Vision route) still runs.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "hostile";
    private static final String PREFIX = "magpie/" + DEVICE + "/cmd/";

    /** How an input reaches Magpie. {@code args} turns the input's file into the command line. */
    enum Entry {
        CLI_IMPORT_LABEL(f -> List.of("import", "--label", "red", f)),
        CLI_IMPORT_INBOX(f -> List.of("import", "--inbox", f)),
        CLI_PREDICT(f -> List.of("predict", f)),
        CLI_IMPORT(f -> List.of("import", f)),
        CLI_IMPORT_URLS(f -> List.of("import", "--allow-urls", f)),
        CLI_LABELS_ADD(f -> List.of("labels", "add", f)),
        CLI_LABELS_RENAME(f -> List.of("labels", "rename", "red", f)),
        CLI_IMPORT_AS(f -> List.of("import", "--label", f, "@image")),
        CLI_IMAGES_LABEL(f -> List.of("images", "label", "--label", f, "@inbox")),
        CLI_CONFIG_CHECK(f -> List.of("config", "check", f)),
        CLI_RUN_CONFIG(f -> List.of("--config", f, "labels")),
        MQTT(null),
        /** {@code name} is "METHOD /path", {@code verb} the Content-Type, {@code input} the body. */
        HTTP(null);

        final Function<String, List<String>> args;

        Entry(Function<String, List<String>> args) {
            this.args = args;
        }
    }

    /**
     * One row. {@code input} is the file's bytes (CLI) or the payload (MQTT); {@code name} the file name or, for
     * label rows ({@code literal}), the argument itself; {@code verb} the MQTT verb.
     */
    record Row(String id, Entry entry, String name, byte[] input, boolean literal, String verb, boolean retained,
               int exitCode, String error, String message) {
        @Override
        public String toString() {
            return id + " via " + entry;
        }
    }

    @TempDir
    static Path temp;

    private Path dataDir;
    private Path inputs;
    private MosquittoBroker broker;
    private MagpieChild daemon;
    private MqttProbe probe;
    private HttpClient http;
    private String webBase;
    private String token;
    private String imageSha;
    private String inboxSha;
    private int rowsRun;

    @BeforeAll
    void prepareStoreAndDaemon() throws Exception {
        dataDir = temp.resolve("data");
        inputs = Files.createDirectories(temp.resolve("inputs"));
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("magpie.yaml"), "models:\n  backbone: \"" + SharedFiles.backbone()
                + "\"\n  download: false\n");
        for (String colour : List.of("red", "blue")) {
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "import", "--label", colour));
            for (int i = 0; i < 8; i++) {
                Path file = inputs.resolve(colour + i + ".png");
                Files.write(file, SyntheticImages.image(colour, colour.hashCode() + i, "png"));
                args.add(file.toString());
            }
            assertThat(InProcessCli.run(args.toArray(String[]::new)).exitCode()).isZero();
        }
        imageSha = StoreAudit.sha256(inputs.resolve("red0.png"));
        Path unsure = inputs.resolve("unsure.png");
        Files.write(unsure, SyntheticImages.image("red", 999, "png"));
        inboxSha = StoreAudit.sha256(unsure);
        assertThat(InProcessCli.run("--data-dir", dataDir.toString(), "import", "--inbox", unsure.toString()).exitCode()).isZero();
        InProcessCli.Result train = InProcessCli.run("--data-dir", dataDir.toString(), "train", "--views", "1");
        assertThat(train.exitCode()).as(train.err()).isZero();

        InProcessCli.Result created = InProcessCli.run("--data-dir", dataDir.toString(), "token", "create", "--name", "hostile");
        assertThat(created.exitCode()).as(created.err()).isZero();
        token = created.out().trim();
        int webPort = MosquittoBroker.freePort();
        webBase = "http://127.0.0.1:" + webPort;
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        broker = MosquittoBroker.builder(temp.resolve("broker")).start();
        Path config = temp.resolve("daemon.yaml");
        Files.writeString(config, """
                device:
                  id: %s
                cameras:
                  - name: cam
                    source:
                      replay: "%s"
                    width: 64
                    height: 64
                    fps: 2
                motion:
                  enabled: false
                zones:
                  - name: z
                    camera: cam
                    rect: [0, 0, 64, 64]
                    rules:
                      - label: red
                inbox:
                  enabled: false
                mqtt:
                  enabled: true
                  broker: %s
                  discovery: false
                retraining:
                  enabled: false
                web:
                  bind: 127.0.0.1
                  port: %d
                models:
                  backbone: "%s"
                  download: false
                """.formatted(DEVICE, inputs.resolve("blue0.png"), broker.uri(), webPort, SharedFiles.backbone()));
        daemon = MagpieChild.start(dataDir, temp.resolve("daemon.log"), "run", "--config", config.toString());
        probe = MqttProbe.connect(broker.uri()).subscribe(PREFIX + "+/reply");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) { // the command subscription is made in the background: ask until answered
            assertThat(daemon.isAlive()).as(daemon.output()).isTrue();
            probe.publish(PREFIX + "hello", "{}");
            try {
                probe.next(PREFIX + "hello/reply", Duration.ofSeconds(1));
                break;
            } catch (AssertionError notYet) {
                assertThat(System.nanoTime()).as("daemon never answered:\n" + daemon.output()).isLessThan(deadline);
            }
        }
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (daemon != null) {
            daemon.kill();
        }
        if (broker != null) {
            broker.close();
        }
        System.out.println("hostile corpus: " + rowsRun + " rows passed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedClearlyAndChangesNothing(Row row) throws Exception {
        String before = StoreAudit.treeHash(dataDir);
        if (row.entry == Entry.MQTT) {
            probe.publish(PREFIX + row.verb, row.input, row.retained);
            JsonNode reply = JSON.readTree(probe.next(PREFIX + row.verb + "/reply", Duration.ofSeconds(20)).payload());
            assertThat(reply.path("ok").asBoolean(true)).as(reply.toString()).isFalse();
            assertThat(reply.path("error").asText()).as(reply.toString()).isEqualTo(row.error);
            assertThat(reply.path("message").asText()).as(reply.toString()).contains(row.message);
            if (row.retained) {
                probe.publish(PREFIX + row.verb, new byte[0], true);
            }
            assertThat(daemon.isAlive()).as("daemon still running after " + row.id + "\n" + daemon.output()).isTrue();
        } else if (row.entry == Entry.HTTP) {
            HttpResponse<String> response = send(row);
            String transcript = row.name + " (" + row.input.length + " bytes) -> " + response.statusCode() + " " + response.body();
            if (row.exitCode == ANY_4XX) {
                assertThat(response.statusCode()).as(transcript).isBetween(400, 499);
            } else {
                assertThat(response.statusCode()).as(transcript).isEqualTo(row.exitCode);
            }
            JsonNode body = JSON.readTree(response.body());
            boolean azure = row.name.contains("/customvision/");
            if (row.error != null) {
                assertThat(body.path(azure ? "code" : "error").asText()).as(transcript).isEqualTo(row.error);
            }
            assertThat(body.path("message").asText()).as(transcript).isNotBlank().contains(row.message);
            assertThat(response.body()).as("no stack trace: " + transcript).doesNotContain("\tat ", "Exception");
            assertThat(daemon.isAlive()).as("daemon still running after " + row.id + "\n" + daemon.output()).isTrue();
        } else {
            String argument;
            if (row.literal) {
                argument = row.name;
            } else {
                Path file = inputs.resolve(row.id).resolve(row.name);
                Files.createDirectories(file.getParent());
                Files.write(file, row.input);
                argument = file.toString();
            }
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            for (String arg : row.entry.args.apply(argument)) {
                args.add(switch (arg) {
                    case "@image" -> inputs.resolve("red0.png").toString();
                    case "@inbox" -> inboxSha;
                    default -> arg;
                });
            }
            InProcessCli.Result result = InProcessCli.run(args.toArray(String[]::new));
            String transcript = "magpie " + String.join(" ", args) + " -> " + result.exitCode() + "\n--- out\n"
                    + result.out() + "--- err\n" + result.err();
            assertThat(result.exitCode()).as(transcript).isEqualTo(row.exitCode);
            assertThat(result.out() + result.err()).as(transcript).contains(row.message);
            assertThat(result.err()).as("no stack trace: " + transcript).doesNotContain("\tat ");
        }
        assertThat(StoreAudit.treeHash(dataDir)).as("store unchanged by " + row.id).isEqualTo(before);
        rowsRun++;
    }

    // ---- the table --------------------------------------------------------------------------------------------------

    Stream<Row> corpus() {
        List<Row> rows = new ArrayList<>();
        byte[] png = SyntheticImages.image("red", 1, "png");
        byte[] jpeg = SyntheticImages.image("red", 2, "jpg");
        byte[] gif = SyntheticImages.image("red", 3, "gif");
        byte[] bmp = SyntheticImages.image("red", 4, "bmp");
        // Images: every one through import --label, import --inbox and predict.
        List<Object[]> images = List.of(
                new Object[] {"image-empty", "empty.jpg", new byte[0], "the file is empty"},
                new Object[] {"image-truncated-jpeg", "cut.jpg", Arrays.copyOf(jpeg, 200), "truncated"},
                new Object[] {"image-truncated-png", "cut.png", Arrays.copyOf(png, 60), "PNG"},
                new Object[] {"image-wrong-magic", "text.png", "hello, I am text".getBytes(StandardCharsets.UTF_8), "not a supported image"},
                new Object[] {"image-html-as-jpeg", "page.jpg", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "not a supported image"},
                new Object[] {"image-svg", "vector.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), "not a supported image"},
                new Object[] {"image-pdf", "doc.jpg", "%PDF-1.4\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1), "not a supported image"},
                new Object[] {"image-png-bomb-dimensions", "bomb.png", pngWithSize(100_000, 100_000), "pixels"},
                new Object[] {"image-png-zero-width", "zero.png", pngWithSize(0, 10), "empty image"},
                new Object[] {"image-gif-huge-dimensions", "huge.gif", gifWithSize(gif, 65535, 65535), "pixels"},
                new Object[] {"image-bmp-huge-dimensions", "huge.bmp", bmpWithSize(bmp, 60_000, 60_000), "pixels"},
                new Object[] {"image-jpeg-huge-dimensions", "huge.jpg", jpegWithSize(jpeg, 65000, 65000), "pixels"},
                new Object[] {"image-polyglot-gif-script", "poly.gif", polyglotGif(), "GIF"},
                new Object[] {"image-png-garbage-body", "garbage.png", pngGarbageBody(png), "PNG"},
                new Object[] {"image-webp-truncated-riff", "cut.webp", "RIFF\u0010\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), "WEBP"},
                new Object[] {"image-over-30-mb", "big.jpg", Arrays.copyOf(jpeg, 31 * 1024 * 1024), "MB"});
        for (Object[] image : images) {
            for (Entry entry : List.of(Entry.CLI_IMPORT_LABEL, Entry.CLI_IMPORT_INBOX, Entry.CLI_PREDICT)) {
                rows.add(cli(image[0] + "", entry, image[1] + "", (byte[]) image[2], 3, image[3] + ""));
            }
        }
        String cvClassify = "POST /customvision/v3.0/Prediction/" + java.util.UUID.nameUUIDFromBytes(new byte[] {1})
                + "/classify/iterations/current/image/nostore";
        for (Object[] image : images) {
            byte[] body = (byte[]) image[2];
            String fragment = body.length > 30 * 1024 * 1024 ? "MB" : "";
            rows.add(http(image[0] + "", "POST /api/v1/images?label=red", "application/octet-stream", body, ANY_4XX, null, fragment));
            rows.add(http(image[0] + "", "POST /api/v1/predict?store=false", "application/octet-stream", body, ANY_4XX, null, fragment));
            rows.add(http(image[0] + "", cvClassify, "application/octet-stream", body, ANY_4XX, null, fragment));
        }
        // Zips.
        rows.add(cli("zip-slip", Entry.CLI_IMPORT, "slip.zip", new HostileZips().add("../../evil/x.png", png).bytes(), 3, "../../evil/x.png"));
        rows.add(cli("zip-absolute", Entry.CLI_IMPORT, "abs.zip", new HostileZips().add("/tmp/red/x.png", png).bytes(), 3, "/tmp/red/x.png"));
        rows.add(cli("zip-symlink", Entry.CLI_IMPORT, "link.zip", new HostileZips().symlink("red/x.png", "/etc/passwd").bytes(), 3, "symbolic link"));
        rows.add(cli("zip-bomb", Entry.CLI_IMPORT, "bomb.zip", bombZip(), 3, "red/bomb.png"));
        rows.add(cli("zip-nested", Entry.CLI_IMPORT, "nested.zip", new HostileZips().add("red/inner.zip",
                new HostileZips().add("red/x.png", png).bytes()).bytes(), 3, "red/inner.zip"));
        rows.add(cli("zip-encrypted", Entry.CLI_IMPORT, "enc.zip", new HostileZips().encrypted("red/x.png", png).bytes(), 3, "encrypted"));
        rows.add(cli("zip-duplicate-names", Entry.CLI_IMPORT, "dup.zip", new HostileZips().add("red/x.png", png)
                .add("red/x.png", jpeg).bytes(), 3, "more than one entry named red/x.png"));
        rows.add(cli("zip-zero-bytes", Entry.CLI_IMPORT, "empty.zip", new byte[0], 3, "empty.zip"));
        rows.add(cli("zip-not-a-zip", Entry.CLI_IMPORT, "junk.zip", junk(4096, 7), 3, "junk.zip"));
        rows.add(cli("zip-bad-label-folder", Entry.CLI_IMPORT, "badlabel.zip", new HostileZips().add("bad label!/x.png", png).bytes(), 3, "bad label!"));
        rows.add(cli("zip-only-junk-entries", Entry.CLI_IMPORT, "junkentries.zip", new HostileZips().add("red/a.png", junk(100, 3)).bytes(), 3, "red/a.png"));
        for (Row zip : List.copyOf(rows)) {
            if (zip.entry == Entry.CLI_IMPORT && zip.id.startsWith("zip-") && zip.input.length > 0) {
                String error = zip.id.equals("zip-not-a-zip") ? "invalid_zip" : "nothing_added";
                rows.add(http(zip.id, "POST /api/v1/images", "application/zip", zip.input, 400, error,
                        error.equals("invalid_zip") ? "not a zip archive" : zip.message));
            }
        }
        // CSV indexes.
        rows.add(cli("csv-traversal", Entry.CLI_IMPORT, "index.csv", "../../../../etc/hostname,red\n".getBytes(StandardCharsets.UTF_8), 3, "etc/hostname"));
        rows.add(cli("csv-absolute-outside-root", Entry.CLI_IMPORT, "abs.csv", "/etc/hostname,red\n".getBytes(StandardCharsets.UTF_8), 3, "/etc/hostname"));
        rows.add(cli("csv-url-loopback", Entry.CLI_IMPORT_URLS, "lo.csv", "http://127.0.0.1:9/x.jpg,red\n".getBytes(StandardCharsets.UTF_8), 3, "127.0.0.1"));
        rows.add(cli("csv-url-link-local", Entry.CLI_IMPORT_URLS, "ll.csv", "http://169.254.169.254/latest/meta-data,red\n".getBytes(StandardCharsets.UTF_8), 3, "169.254.169.254"));
        rows.add(cli("csv-url-ipv6-loopback", Entry.CLI_IMPORT_URLS, "v6.csv", "http://[::1]:9/x.jpg,red\n".getBytes(StandardCharsets.UTF_8), 3, "::1"));
        rows.add(cli("csv-url-without-allow", Entry.CLI_IMPORT, "nourl.csv", "http://example.com/x.jpg,red\n".getBytes(StandardCharsets.UTF_8), 3, "--allow-urls"));
        rows.add(cli("csv-file-url", Entry.CLI_IMPORT_URLS, "file.csv", "file:///etc/hostname,red\n".getBytes(StandardCharsets.UTF_8), 3, "file:///etc/hostname"));
        rows.add(cli("csv-binary-junk", Entry.CLI_IMPORT, "junk.csv", junk(2048, 11), 3, "not UTF-8 text"));
        rows.add(cli("csv-huge-line", Entry.CLI_IMPORT, "long.csv", ("x".repeat(2 * 1024 * 1024) + ",red\n").getBytes(StandardCharsets.UTF_8), 3, "refused    line 1"));
        rows.add(cli("csv-bad-label", Entry.CLI_IMPORT, "badlabel.csv", "red0.png,../x\n".getBytes(StandardCharsets.UTF_8), 3, "../x"));
        // Label names, through every command that takes one.
        List<String[]> labels = List.of(
                new String[] {"label-empty", ""},
                new String[] {"label-33-chars", "a".repeat(33)},
                new String[] {"label-unicode", "caf\u00e9"},
                new String[] {"label-traversal", "../etc"},
                new String[] {"label-slash", "a/b"},
                new String[] {"label-none-lowercase", "none"},
                new String[] {"label-shell", "x;rm -rf /"},
                new String[] {"label-nul", "a\u0000b"});
        for (String[] label : labels) {
            String expected = label[0].equals("label-none-lowercase") ? "reserved catch-all" : "1-32 characters";
            for (Entry entry : List.of(Entry.CLI_LABELS_ADD, Entry.CLI_LABELS_RENAME, Entry.CLI_IMPORT_AS, Entry.CLI_IMAGES_LABEL)) {
                rows.add(new Row(label[0], entry, label[1], new byte[0], true, null, false, 3, null, expected));
            }
            String json;
            try {
                json = JSON.writeValueAsString(java.util.Map.of("name", label[1]));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            rows.add(http(label[0], "POST /api/v1/labels", json, 400, "invalid_label", expected));
            rows.add(http(label[0], "PUT /api/v1/labels/red", json, 400, "invalid_label", expected));
            rows.add(http(label[0], "POST /api/v1/images?label=" + java.net.URLEncoder.encode(label[1], StandardCharsets.UTF_8),
                    "image/png", png, 400, "invalid_label", expected));
        }
        // YAML configurations, through config check and as --config of a command.
        List<String[]> configs = List.of(
                new String[] {"yaml-malformed", "cameras: [\n  - name: x\n  source: {usb: 0\n"},
                new String[] {"yaml-tabs", "mqtt:\n\tenabled: true\n"},
                new String[] {"yaml-unknown-key", "mqtt:\n  enabeld: true\n"},
                new String[] {"yaml-wrong-type", "inference:\n  threads: many\n"},
                new String[] {"yaml-billion-laughs", billionLaughs()},
                new String[] {"yaml-huge", "device:\n  name: \"" + "x".repeat(12 * 1024 * 1024) + "\"\n"},
                new String[] {"yaml-deep-nesting", "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n"},
                new String[] {"yaml-binary", new String(junk(1024, 5), StandardCharsets.ISO_8859_1)});
        for (String[] config : configs) {
            for (Entry entry : List.of(Entry.CLI_CONFIG_CHECK, Entry.CLI_RUN_CONFIG)) {
                rows.add(cli(config[0], entry, "magpie.yaml", config[1].getBytes(StandardCharsets.ISO_8859_1), 5, ""));
            }
        }
        // MQTT commands to a running daemon.
        rows.add(mqtt("mqtt-not-utf8", "label", junk(64, 13), false, "bad_json", ""));
        rows.add(mqtt("mqtt-not-json", "label", "label this please", false, "bad_json", ""));
        rows.add(mqtt("mqtt-json-array", "retrain", "[1,2,3]", false, "bad_json", ""));
        rows.add(mqtt("mqtt-json-string", "retrain", "\"retrain\"", false, "bad_json", ""));
        rows.add(mqtt("mqtt-too-large", "label", "{\"x\":\"" + "a".repeat(70_000) + "\"}", false, "too_large", ""));
        rows.add(mqtt("mqtt-unknown-verb", "format_disk", "{}", false, "unknown_verb", "format_disk"));
        rows.add(mqtt("mqtt-label-wrong-type", "label", "{\"sha256\": 5, \"label\": \"red\"}", false, "invalid_argument", "sha256"));
        rows.add(mqtt("mqtt-label-traversal", "label", "{\"sha256\": \"" + "0".repeat(64) + "\", \"label\": \"../x\"}", false, "invalid_argument", "../x"));
        rows.add(mqtt("mqtt-threshold-out-of-range", "threshold", "{\"zone\": \"z\", \"label\": \"red\", \"threshold\": 7}", false, "invalid_argument", "threshold"));
        rows.add(mqtt("mqtt-threshold-nan", "threshold", "{\"zone\": \"z\", \"label\": \"red\", \"threshold\": \"NaN\"}", false, "invalid_argument", "threshold"));
        rows.add(mqtt("mqtt-promote-traversal", "promote", "{\"version\": \"../../etc\"}", false, "refused", "no model version '../../etc'"));
        rows.add(mqtt("mqtt-promote-missing", "promote", "{}", false, "invalid_argument", "version"));
        rows.add(mqtt("mqtt-retained-command", "rollback", "{}", true, "refused", "no earlier model version"));
        rows.add(mqtt("mqtt-deep-json", "retrain", "[".repeat(3000) + "]".repeat(3000), false, "bad_json", ""));
        rows.add(mqtt("mqtt-capture-no-label", "capture", "{\"zone\": \"nowhere\"}", false, "invalid_argument", "label"));
        // HTTP requests that are wrong in themselves.
        rows.add(http("http-json-malformed", "POST /api/v1/labels", "{\"name\": ", 400, "invalid_json", ""));
        rows.add(http("http-json-array", "POST /api/v1/labels", "[\"green\"]", 400, "invalid_json", ""));
        rows.add(http("http-json-deep", "POST /api/v1/labels", "[".repeat(5000) + "]".repeat(5000), 400, "invalid_json", ""));
        rows.add(http("http-json-not-utf8", "POST /api/v1/labels", "application/json", junk(256, 19), 400, "invalid_json", ""));
        rows.add(http("http-json-missing-field", "POST /api/v1/labels", "{}", 400, "missing_field", "name"));
        rows.add(http("http-image-id-traversal", "DELETE /api/v1/images/..%2F..%2Fmagpie.db", "", 404, null, ""));
        rows.add(http("http-label-path-traversal", "DELETE /api/v1/labels/..%2Fdataset", "", ANY_4XX, null, ""));
        rows.add(http("http-promote-traversal", "POST /api/v1/models/..%2F..%2Fetc/promote", "{}", ANY_4XX, null, ""));
        rows.add(http("http-model-import-slip", "POST /api/v1/models/import", "application/zip",
                new HostileZips().add("../../evil/model.json", png).bytes(), 400, null, ""));
        rows.add(http("http-model-import-junk", "POST /api/v1/models/import", "application/zip", junk(4096, 23), 400, null, ""));
        rows.add(http("http-body-over-limit", "POST /api/v1/predict", "application/octet-stream",
                new byte[31 * 1024 * 1024], 413, "too_large", "MB"));
        rows.add(http("http-zone-invalid-rect", "PUT /api/v1/zones/z", "{\"rect\": [0, 0, -5, 10]}", 400, "invalid_config", "rect"));
        rows.add(http("http-cv-url-link-local", "POST /customvision/v3.0/Prediction/" + java.util.UUID.nameUUIDFromBytes(new byte[] {1})
                + "/classify/iterations/current/url/nostore", "{\"Url\": \"http://169.254.169.254/latest/meta-data\"}", ANY_4XX, null, ""));
        rows.add(http("http-cv-url-file", "POST /customvision/v3.0/Prediction/" + java.util.UUID.nameUUIDFromBytes(new byte[] {1})
                + "/classify/iterations/current/url/nostore", "{\"Url\": \"file:///etc/passwd\"}", ANY_4XX, null, ""));
        rows.add(http("http-mqtt-test-link-local", "POST /api/v1/settings/mqtt/test", "{\"broker\": \"tcp://169.254.169.254:1883\"}",
                400, "forbidden_address", "169.254.169.254"));
        rows.add(httpWithoutCredentials("http-no-credentials-upload", "POST /api/v1/images?label=red"));
        rows.add(httpWithoutCredentials("http-no-credentials-predict", "POST /api/v1/predict"));
        rows.add(httpWithoutCredentials("http-no-credentials-delete-label", "DELETE /api/v1/labels/red"));
        return rows.stream();
    }

    private HttpResponse<String> send(Row row) throws IOException, InterruptedException {
        String[] methodAndPath = row.name.split(" ", 2);
        // Over 1 MB, ask first (Expect: 100-continue, as curl does): a server refusing a body it has not read (413)
        // closes the connection, and a client still sending can lose the answer to the reset.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webBase + methodAndPath[1]))
                .timeout(Duration.ofSeconds(60)).expectContinue(row.input.length > 1024 * 1024)
                .method(methodAndPath[0], HttpRequest.BodyPublishers.ofByteArray(row.input));
        if (!row.retained) { // retained marks the rows sent without credentials
            request.header("Authorization", "Bearer " + token).header("Prediction-Key", token);
        }
        if (row.verb != null) {
            request.header("Content-Type", row.verb);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Expected status of a row that may be any client error (the exact code depends on where it is caught). */
    private static final int ANY_4XX = -1;

    private static Row http(String id, String methodAndPath, String contentType, byte[] body, int status, String error, String message) {
        return new Row(id, Entry.HTTP, methodAndPath, body, false, contentType, false, status, error, message);
    }

    private static Row http(String id, String methodAndPath, String json, int status, String error, String message) {
        return http(id, methodAndPath, "application/json", json.getBytes(StandardCharsets.UTF_8), status, error, message);
    }

    private static Row httpWithoutCredentials(String id, String methodAndPath) {
        return new Row(id, Entry.HTTP, methodAndPath, new byte[0], false, null, true, 401, "unauthorized", "");
    }

    private static Row cli(String id, Entry entry, String name, byte[] input, int exitCode, String message) {
        return new Row(id, entry, name, input, false, null, false, exitCode, null, message);
    }

    private static Row mqtt(String id, String verb, String payload, boolean retained, String error, String message) {
        return mqtt(id, verb, payload.getBytes(StandardCharsets.UTF_8), retained, error, message);
    }

    private static Row mqtt(String id, String verb, byte[] payload, boolean retained, String error, String message) {
        return new Row(id, Entry.MQTT, null, payload, false, verb, retained, 0, error, message);
    }

    // ---- generators -------------------------------------------------------------------------------------------------

    static byte[] junk(int length, long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        bytes[0] = (byte) 0xFE; // never a valid magic or UTF-8 start
        return bytes;
    }

    static byte[] pngWithSize(int width, int height) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 25 + 12 + 12);
        buf.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        buf.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        byte[] idat = {'I', 'D', 'A', 'T', 0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
        buf.putInt(0).put("IDAT".getBytes(StandardCharsets.US_ASCII)).putInt(crc(Arrays.copyOf(idat, 4)));
        buf.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(crc("IEND".getBytes(StandardCharsets.US_ASCII)));
        return buf.array();
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    static byte[] gifWithSize(byte[] gif, int width, int height) {
        byte[] copy = gif.clone();
        ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(6, (short) width).putShort(8, (short) height);
        return copy;
    }

    static byte[] bmpWithSize(byte[] bmp, int width, int height) {
        byte[] copy = bmp.clone();
        ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return copy;
    }

    static byte[] jpegWithSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 9 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && ((copy[i + 1] & 0xFF) == 0xC0 || (copy[i + 1] & 0xFF) == 0xC2)) {
                ByteBuffer.wrap(copy).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                return copy;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    static byte[] polyglotGif() {
        // GIF89a/*: a header JavaScript accepts as a comment, then a script: the classic GIF/JS polyglot.
        return "GIF89a/*\u0001\u0001\u0000\u0000*/=1;alert(document.cookie);".getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] pngGarbageBody(byte[] png) {
        byte[] copy = png.clone();
        byte[] junk = junk(copy.length - 41, 17);
        System.arraycopy(junk, 0, copy, 41, junk.length);
        return copy;
    }

    static byte[] bombZip() {
        // 200 MB of zeros behind a PNG signature deflate to ~200 KB: a decompression bomb shaped like an image.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("red/bomb.png"));
            zip.write(pngWithSize(64, 64));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, prev)))
                    .append("]\n");
        }
        yaml.append("device:\n  name: *j\n");
        return yaml.toString();
    }
}
