package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload (raw, multipart, zip), fetch, list, relabel and delete images through real HTTP, checked against the store. */
class ImageRoutesTest {

    private static final String MISSING_ID = "0".repeat(64);

    @TempDir
    Path dataDir;

    WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dataDir);
        web.store.createLabel(LabelName.of("red"));
        web.store.createLabel(LabelName.of("blue"));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private HttpResponse<String> postBytes(String path, String type, byte[] body) throws Exception {
        return web.send(web.authed(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private HttpResponse<String> multipart(String path, Map<String, byte[]> files) throws Exception {
        String boundary = "magpieTestBoundary7MA4YWxk";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return postBytes(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    @Test
    void rawUploadStoresTheImageAndItsBytesComeBack() throws Exception {
        byte[] jpeg = TestImages.generated(1, "jpg");
        JsonNode body = web.expect(postBytes("/api/v1/images?label=red", "image/jpeg", jpeg), 201);
        assertThat(body.get("added").asInt()).isEqualTo(1);
        JsonNode result = body.get("results").get(0);
        assertThat(result.get("status").asText()).isEqualTo("added");
        String id = result.get("id").asText();
        assertThat(id).isEqualTo(sha256(jpeg));
        assertThat(web.store.find(id)).get().extracting(StoredImage::label).asString().contains("red");

        HttpResponse<byte[]> bytes = web.sendBytes(web.authed("/api/v1/images/" + id).GET());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(bytes.body()).isEqualTo(jpeg);

        JsonNode again = web.expect(postBytes("/api/v1/images?label=red", "image/jpeg", jpeg), 200);
        assertThat(again.get("added").asInt()).isZero();
        assertThat(again.get("results").get(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(web.store.images()).hasSize(1);

        JsonNode page = web.expect(web.get("/api/v1/labels/red/images?limit=10"), 200);
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("images").get(0).get("id").asText()).isEqualTo(id);
        assertThat(page.get("images").get(0).get("format").asText()).isEqualTo("jpeg");
    }

    @Test
    void multipartGivesAResultPerFile() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.jpg", TestImages.generated(2, "jpg"));
        files.put("b.png", TestImages.generated(3, "png"));
        files.put("notes.txt", "hello, not an image".getBytes(StandardCharsets.UTF_8));
        JsonNode body = web.expect(multipart("/api/v1/images?label=blue", files), 201);
        assertThat(body.get("added").asInt()).isEqualTo(2);
        assertThat(body.get("results")).hasSize(3);
        assertThat(body.get("results").get(0).get("name").asText()).isEqualTo("a.jpg");
        assertThat(body.get("results").get(0).get("status").asText()).isEqualTo("added");
        assertThat(body.get("results").get(1).get("status").asText()).isEqualTo("added");
        assertThat(body.get("results").get(2).get("name").asText()).isEqualTo("notes.txt");
        assertThat(body.get("results").get(2).get("status").asText()).isNotIn("added", "duplicate");
        assertThat(body.get("results").get(2).get("message").asText()).isNotEmpty();
        assertThat(web.store.images(LabelName.of("blue"))).hasSize(2);
    }

    @Test
    void zipNamesLabelsByFolderAndReportsEachEntry() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("red/1.jpg", TestImages.generated(4, "jpg"));
        entries.put("green/2.png", TestImages.generated(5, "png"));
        entries.put("../evil/3.jpg", TestImages.generated(6, "jpg"));
        JsonNode body = web.expect(postBytes("/api/v1/images", "application/zip", zip(entries)), 201);
        assertThat(body.get("added").asInt()).isEqualTo(2);
        Map<String, String> statuses = new LinkedHashMap<>();
        body.get("results").forEach(r -> statuses.put(r.get("name").asText(), r.get("status").asText()));
        assertThat(statuses).containsEntry("red/1.jpg", "added").containsEntry("green/2.png", "added");
        assertThat(statuses.get("../evil/3.jpg")).isEqualTo("refused");
        assertThat(web.store.images(LabelName.of("red"))).hasSize(1);
        assertThat(web.store.images(LabelName.of("green"))).hasSize(1);
        assertThat(web.store.labels().stream().map(LabelName::value)).doesNotContain("evil");
    }

    @Test
    void refusedUploadsAre400AndStoreNothing() throws Exception {
        byte[] jpeg = TestImages.generated(7, "jpg");
        assertThat(web.expect(postBytes("/api/v1/images", "image/jpeg", jpeg), 400).get("error").asText()).isEqualTo("missing_label");
        assertThat(web.expect(postBytes("/api/v1/images?label=no%20way", "image/jpeg", jpeg), 400).get("error").asText())
                .isEqualTo("invalid_label");
        assertThat(web.expect(postBytes("/api/v1/images?label=red", "image/jpeg", new byte[0]), 400).get("error").asText())
                .isEqualTo("empty_body");
        assertThat(web.expect(postBytes("/api/v1/images?label=red", "application/zip", jpeg), 400).get("error").asText())
                .isEqualTo("invalid_zip");
        JsonNode garbage = web.expect(postBytes("/api/v1/images?label=red", "image/jpeg", "GIF89a but not".getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(garbage.get("error").asText()).isEqualTo("nothing_added");
        JsonNode allBad = web.expect(multipart("/api/v1/images?label=red", Map.of("x.txt", new byte[] {1, 2, 3})), 400);
        assertThat(allBad.get("error").asText()).isEqualTo("nothing_added");
        assertThat(allBad.get("message").asText()).contains("x.txt");
        JsonNode badZip = web.expect(postBytes("/api/v1/images", "application/zip", zip(Map.of("/abs/1.jpg", jpeg))), 400);
        assertThat(badZip.get("error").asText()).isEqualTo("nothing_added");
        assertThat(web.store.images()).isEmpty();
        assertThat(web.store.labels()).hasSize(2);
    }

    @Test
    void relabelMovesAnImageToAnotherLabelOrTheInbox() throws Exception {
        AddResult added = web.store.addImage(TestImages.generated(8, "jpg"), LabelName.of("red"), "test");
        String id = added.sha256();
        JsonNode moved = web.expect(web.putJson("/api/v1/images/" + id, "{\"label\": \"blue\"}"), 200);
        assertThat(moved.get("label").asText()).isEqualTo("blue");
        assertThat(web.store.images(LabelName.of("blue"))).extracting(StoredImage::sha256).containsExactly(id);
        JsonNode inbox = web.expect(web.putJson("/api/v1/images/" + id, "{\"label\": null}"), 200);
        assertThat(inbox.get("label").isNull()).isTrue();
        assertThat(web.store.inbox()).extracting(StoredImage::sha256).containsExactly(id);
    }

    @Test
    void relabelRefusalsLeaveTheImageWhereItWas() throws Exception {
        String id = web.store.addImage(TestImages.generated(9, "jpg"), LabelName.of("red"), "test").sha256();
        assertThat(web.expect(web.putJson("/api/v1/images/" + MISSING_ID, "{\"label\": \"blue\"}"), 404).get("error").asText())
                .isEqualTo("unknown_image");
        assertThat(web.expect(web.putJson("/api/v1/images/not-a-hash", "{\"label\": \"blue\"}"), 404).get("error").asText())
                .isEqualTo("unknown_image");
        assertThat(web.expect(web.putJson("/api/v1/images/" + id, "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.putJson("/api/v1/images/" + id, "{\"label\": \"../x\"}"), 400).get("error").asText())
                .isEqualTo("invalid_label");
        assertThat(web.expect(web.putJson("/api/v1/images/" + id, "{\"label\": [1]}"), 400).get("error").asText())
                .isEqualTo("invalid_field");
        assertThat(web.store.find(id).orElseThrow().label()).contains(LabelName.of("red"));
    }

    @Test
    void deleteRemovesTheImageAndUnknownIdsAre404() throws Exception {
        String id = web.store.addImage(TestImages.generated(10, "jpg"), LabelName.of("red"), "test").sha256();
        assertThat(web.expect(web.delete("/api/v1/images/" + MISSING_ID), 404).get("error").asText()).isEqualTo("unknown_image");
        assertThat(web.expect(web.delete("/api/v1/images/..%2F..%2Fetc"), 404).get("error").asText()).isEqualTo("unknown_image");
        assertThat(web.store.images()).hasSize(1);
        assertThat(web.expect(web.delete("/api/v1/images/" + id), 200).get("deleted").asText()).isEqualTo(id);
        assertThat(web.store.find(id)).isEmpty();
        assertThat(web.get("/api/v1/images/" + id).statusCode()).isEqualTo(404);
        assertThat(web.expect(web.delete("/api/v1/images/" + id), 404).get("error").asText()).isEqualTo("unknown_image");
    }

    @Test
    void listingAnUnknownLabelIs404AndBadPagingIs400() throws Exception {
        assertThat(web.expect(web.get("/api/v1/labels/nosuch/images"), 404).get("error").asText()).isEqualTo("unknown_label");
        assertThat(web.expect(web.get("/api/v1/labels/red/images?limit=0"), 400).get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(web.expect(web.get("/api/v1/labels/red/images?offset=-1"), 400).get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(web.get("/api/v1/images/" + MISSING_ID).statusCode()).isEqualTo(404);
    }
}
