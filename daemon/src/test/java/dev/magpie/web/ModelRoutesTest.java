package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.learn.ModelSummary;
import dev.magpie.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** List, promote, rollback, export, import and delete model versions through real HTTP, checked against the registry. */
class ModelRoutesTest {

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

    private void addImages(int from) {
        for (int i = from; i < from + 12; i++) {
            web.store.addImage(TestImages.generated(i, "jpg"), LabelName.of("red"), "test");
            web.store.addImage(TestImages.generated(1000 + i * 7, "png"), LabelName.of("blue"), "test");
        }
    }

    private String train() throws Exception {
        assertThat(web.postJson("/api/v1/train", "{}").statusCode()).isEqualTo(202);
        JsonNode state = web.parse(web.get("/api/v1/train"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (state.get("running").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = web.parse(web.get("/api/v1/train"));
        }
        assertThat(state.get("version").asText()).as(state.toString()).matches("v\\d{4}");
        return state.get("version").asText();
    }

    private List<String> versions() throws Exception {
        return web.registry.list().stream().map(ModelSummary::version).toList();
    }

    private HttpResponse<String> importZip(byte[] zip) throws Exception {
        return web.send(web.authed("/api/v1/models/import").header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    private Map<String, byte[]> export(String version) throws Exception {
        HttpResponse<byte[]> response = web.sendBytes(web.authed("/api/v1/models/" + version + "/export").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("magpie-model-" + version + ".zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        entries.put("(zip)", response.body());
        return entries;
    }

    @Test
    void trainPromoteRollbackExportImportAndDelete() throws Exception {
        addImages(0);
        String first = train();
        JsonNode listed = web.expect(web.get("/api/v1/models"), 200);
        assertThat(listed.get("models")).hasSize(1);
        assertThat(listed.get("models").get(0).get("version").asText()).isEqualTo(first);
        assertThat(web.registry.current()).isEmpty(); // training alone does not promote

        assertThat(web.expect(web.postJson("/api/v1/models/" + first + "/promote", "{}"), 200).get("current").asText()).isEqualTo(first);
        assertThat(web.registry.current()).contains(first);
        assertThat(web.expect(web.get("/api/v1/status"), 200).get("model_version").asText()).isEqualTo(first);

        JsonNode refused = web.expect(web.delete("/api/v1/models/" + first), 409);
        assertThat(refused.get("error").asText()).isEqualTo("is_current");
        assertThat(versions()).containsExactly(first);

        JsonNode metrics = web.expect(web.get("/api/v1/models/" + first + "/metrics"), 200);
        assertThat(metrics.get("labels")).extracting(JsonNode::asText).containsExactlyInAnyOrder("red", "blue");

        addImages(100);
        String second = train();
        assertThat(second).isNotEqualTo(first);
        web.expect(web.postJson("/api/v1/models/" + second + "/promote", "{}"), 200);
        assertThat(web.registry.current()).contains(second);
        assertThat(web.expect(web.postJson("/api/v1/models/rollback", "{}"), 200).get("current").asText()).isEqualTo(first);
        assertThat(web.registry.current()).contains(first);

        Map<String, byte[]> exported = export(second);
        assertThat(exported.keySet()).contains("head.onnx", "labels.json", "metrics.json", "training.json");
        assertThat(exported.get("head.onnx")).isNotEmpty();
        assertThat(new String(exported.get("labels.json"), StandardCharsets.UTF_8)).contains("red", "blue");
        assertThat(web.json.readTree(exported.get("metrics.json")).isObject()).isTrue();

        // The same model as one already here is refused, and nothing is written.
        JsonNode duplicate = web.expect(importZip(exported.get("(zip)")), 400);
        assertThat(duplicate.get("error").asText()).isEqualTo("invalid_model_archive");
        assertThat(versions()).containsExactly(first, second);

        assertThat(web.expect(web.delete("/api/v1/models/" + second), 200).get("deleted").asText()).isEqualTo(second);
        assertThat(versions()).containsExactly(first);
        assertThat(web.expect(web.delete("/api/v1/models/" + second), 404).get("error").asText()).isEqualTo("unknown_version");

        String imported = web.expect(importZip(exported.get("(zip)")), 201).get("version").asText();
        assertThat(imported).matches("v\\d{4}").isNotEqualTo(first);
        assertThat(versions()).containsExactly(first, imported);
        assertThat(web.registry.current()).contains(first); // an import is not made current
        assertThat(web.registry.read(imported).labels()).containsExactlyInAnyOrder("red", "blue");
        web.expect(web.postJson("/api/v1/models/" + imported + "/promote", "{}"), 200);
        assertThat(web.registry.current()).contains(imported);
    }

    @Test
    void unknownVersionsAre404AndNothingToRollBackTo409() throws Exception {
        assertThat(web.expect(web.get("/api/v1/models"), 200).get("models")).isEmpty();
        for (String version : List.of("v0009", "latest", "..%2F..%2Fetc")) {
            assertThat(web.expect(web.postJson("/api/v1/models/" + version + "/promote", "{}"), 404).get("error").asText())
                    .as(version).isEqualTo("unknown_version");
            assertThat(web.expect(web.delete("/api/v1/models/" + version), 404).get("error").asText()).isEqualTo("unknown_version");
            assertThat(web.expect(web.get("/api/v1/models/" + version + "/export"), 404).get("error").asText()).isEqualTo("unknown_version");
            assertThat(web.expect(web.get("/api/v1/models/" + version + "/metrics"), 404).get("error").asText()).isEqualTo("unknown_version");
        }
        assertThat(web.expect(web.postJson("/api/v1/models/rollback", "{}"), 409).get("error").asText()).isEqualTo("no_previous");
        assertThat(web.registry.current()).isEmpty();
    }

    @Test
    void badArchivesAre400AndWriteNothing() throws Exception {
        assertThat(web.expect(importZip("not a zip".getBytes(StandardCharsets.UTF_8)), 400).get("error").asText())
                .isEqualTo("invalid_model_archive");
        byte[] lacking = ImageRoutesTest.zip(Map.of("labels.json", "[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8)));
        JsonNode missing = web.expect(importZip(lacking), 400);
        assertThat(missing.get("error").asText()).isEqualTo("invalid_model_archive");
        assertThat(missing.get("message").asText()).contains("head.onnx");
        Map<String, byte[]> garbage = new LinkedHashMap<>();
        for (String name : List.of("head.onnx", "labels.json", "metrics.json", "openset.json", "training.json")) {
            garbage.put(name, "{}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(web.expect(importZip(ImageRoutesTest.zip(garbage)), 400).get("error").asText()).isEqualTo("invalid_model_archive");
        HttpResponse<String> empty = importZip(new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(versions()).isEmpty();
    }
}
