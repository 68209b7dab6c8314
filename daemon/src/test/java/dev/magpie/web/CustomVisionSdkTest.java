package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft's own Custom Vision prediction SDK for Node ({@code @azure/cognitiveservices-customvision-prediction},
 * pinned in {@code src/test/customvision/package-lock.json}) against the real server: {@code classifyImage}
 * (multipart with a Buffer), {@code classifyImageWithNoStore} (multipart with a file stream), {@code classifyImageUrl}
 * (which must refuse addresses on the device's own network), {@code detectImageWithNoStore} (the COCO detector's boxes)
 * and a wrong key. The SDK sends the path in lower case and
 * parses the answer into its own types; both the raw JSON and what the SDK parsed are checked field by field.
 * Needs Node.js and npm; {@code npm ci} runs here when {@code node_modules} is missing.
 */
class CustomVisionSdkTest {

    static final Path SCRIPT_DIR = Path.of("src/test/customvision");

    @TempDir
    static Path dataDir;

    static WebFixture web;
    static Map<String, JsonNode> calls = new LinkedHashMap<>();
    static Instant started;

    @BeforeAll
    static void runTheSdk() throws Exception {
        npmCiIfNeeded();
        web = CustomVisionFixture.trained(dataDir);
        started = Instant.now().minusSeconds(1);
        List<String> command = new ArrayList<>(List.of("node", "predict.js", "http://127.0.0.1:" + web.server.port(), web.token,
                CustomVisionFixture.PROJECT.toString(), "Iteration1",
                CustomVisionFixture.photo("japanese_cherry").toAbsolutePath().toString(),
                "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:" + web.server.port() + "/"));
        String out = run(command, 120, Map.of("DETECT_IMAGE", SharedFiles.sample("owl.jpg").toAbsolutePath().toString()));
        ObjectMapper json = new ObjectMapper();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode call = json.readTree(line);
                calls.put(call.get("call").asText(), call);
            }
        }
        assertThat(calls).as(out).hasSize(6);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    static void npmCiIfNeeded() throws Exception {
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/@azure/cognitiveservices-customvision-prediction"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    static String run(List<String> command, int seconds) throws Exception {
        return run(command, seconds, Map.of());
    }

    static String run(List<String> command, int seconds, Map<String, String> environment) throws Exception {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (" + e.getMessage() + "); this test needs Node.js"
                    + " and npm: apt-get install nodejs npm", e);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text;
    }

    private static void assertPrediction(JsonNode call) throws Exception {
        assertThat(call.get("status").asInt()).as(call.toString()).isEqualTo(200);
        JsonNode raw = new ObjectMapper().readTree(call.get("body").asText());
        assertThat(CustomVisionRouteTest.names(raw)).containsExactly("id", "project", "iteration", "created", "predictions");
        JsonNode sdk = call.get("sdk");
        for (JsonNode body : List.of(raw, sdk)) {
            UUID.fromString(body.get("id").asText());
            assertThat(body.get("project").asText()).isEqualTo(CustomVisionFixture.PROJECT.toString());
            assertThat(body.get("iteration").asText()).isEqualTo(CustomVisionPrediction.iterationId("v0001").toString());
            assertThat(Instant.parse(body.get("created").asText())).isBetween(started, Instant.now());
            JsonNode predictions = body.get("predictions");
            assertThat(predictions).hasSize(2);
            assertThat(predictions.get(0).get("tagName").asText()).isEqualTo("japanese_cherry");
            assertThat(predictions.get(0).get("tagId").asText()).isEqualTo(CustomVisionPrediction.tagId("japanese_cherry").toString());
            assertThat(predictions.get(1).get("tagName").asText()).isEqualTo("hemlock");
            assertThat(predictions.get(1).get("tagId").asText()).isEqualTo(CustomVisionPrediction.tagId("hemlock").toString());
            double top = predictions.get(0).get("probability").asDouble();
            double second = predictions.get(1).get("probability").asDouble();
            assertThat(top).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
            assertThat(top + second).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(sdk.get("id").asText()).isEqualTo(raw.get("id").asText());
        assertThat(Instant.parse(sdk.get("created").asText())).isEqualTo(Instant.parse(raw.get("created").asText()));
    }

    @Test
    void classifyImageSendsMultipartAndGetsTheAzureShape() throws Exception {
        assertPrediction(calls.get("classifyImage"));
    }

    @Test
    void classifyImageWithNoStoreStreamsAFile() throws Exception {
        assertPrediction(calls.get("classifyImageWithNoStore"));
        // classifyImage keeps its image, but this photo is already a training image, so the inbox stays empty
        // (CustomVisionRouteTest shows a new image reaching the inbox); nostore must not add anything either.
        assertThat(web.store.inbox()).isEmpty();
    }

    @Test
    void classifyImageUrlRefusesTheMetadataServiceAndTheDeviceItself() {
        for (String name : List.of("classifyImageUrl http://169.254.169.254/latest/meta-data/",
                "classifyImageUrl http://127.0.0.1:" + web.server.port() + "/")) {
            JsonNode call = calls.get(name);
            assertThat(call.get("status").asInt()).as(call.toString()).isEqualTo(400);
            assertThat(call.get("error").get("code").asText()).isEqualTo("BadRequestImageUrl");
            assertThat(call.get("error").get("message").asText()).contains("not fetched");
        }
        assertThat(calls.get("classifyImageUrl http://169.254.169.254/latest/meta-data/").get("error").get("message").asText())
                .contains("link-local");
    }

    @Test
    void detectImageWithNoStoreGetsTheOwlAsABirdWithItsBoundingBox() throws Exception {
        JsonNode call = calls.get("detectImageWithNoStore");
        assertThat(call.get("status").asInt()).as(call.toString()).isEqualTo(200);
        JsonNode raw = new ObjectMapper().readTree(call.get("body").asText());
        assertThat(CustomVisionRouteTest.names(raw)).containsExactly("id", "project", "iteration", "created", "predictions");
        for (JsonNode body : List.of(raw, call.get("sdk"))) {
            assertThat(body.get("project").asText()).isEqualTo(CustomVisionFixture.PROJECT.toString());
            JsonNode first = body.get("predictions").get(0);
            assertThat(first.get("tagName").asText()).isEqualTo("bird");
            assertThat(first.get("tagId").asText()).isEqualTo(CustomVisionPrediction.tagId("bird").toString());
            assertThat(first.get("probability").asDouble()).isGreaterThan(0.8);
            JsonNode box = first.get("boundingBox");
            double left = box.get("left").asDouble();
            double top = box.get("top").asDouble();
            double width = box.get("width").asDouble();
            double height = box.get("height").asDouble();
            assertThat(left).isBetween(0.0, 1.0);
            assertThat(top).isBetween(0.0, 1.0);
            assertThat(left + width).isBetween(0.0, 1.0 + 1e-9);
            assertThat(top + height).isBetween(0.0, 1.0 + 1e-9);
            assertThat(width * height).isBetween(0.05, 1.0);
        }
    }

    @Test
    void aWrongKeyIsTheSdksAccessDenied() {
        JsonNode call = calls.get("classifyImage wrongKey");
        assertThat(call.get("status").asInt()).isEqualTo(401);
        assertThat(call.get("error").get("code").asText()).isEqualTo("401");
        assertThat(call.get("error").get("message").asText()).contains("Access denied");
    }
}
