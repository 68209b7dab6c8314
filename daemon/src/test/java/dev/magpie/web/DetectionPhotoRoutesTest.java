package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boxes drawn in the web UI, over real HTTP: {@code POST /api/v1/detection/photos} with a real fork photo and its box
 * from the shared Custom Vision dataset's boxes.csv stores a fork crop (plus jittered copies) and None background
 * crops, keeps the photo, lists and serves it back; bad boxes, labels and photos are 400s that store nothing.
 */
class DetectionPhotoRoutesTest {

    static final Path PHOTOS = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");
    /** fork/fork_1.jpg's box in boxes.csv. */
    static final String FORK_BOX = "{\"label\": \"fork\", \"left\": 0.145833328, \"top\": 0.3509314, \"width\": 0.5894608,"
            + " \"height\": 0.238562092}";

    @TempDir
    Path dataDir;

    WebFixture web;
    byte[] fork;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dataDir);
        fork = Files.readAllBytes(PHOTOS.resolve("fork/fork_1.jpg"));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private HttpResponse<String> post(HttpRequest.Builder request, byte[] photo, String boxes) throws Exception {
        String boundary = "magpieBoxesBoundary4f2a";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (photo != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"fork_1.jpg\""
                    + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(photo);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (boxes != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"boxes\"\r\n\r\n" + boxes + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return web.send(request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpResponse<String> post(byte[] photo, String boxes) throws Exception {
        return post(web.authed("/api/v1/detection/photos"), photo, boxes);
    }

    private long photosFolderEntries() throws Exception {
        Path folder = dataDir.resolve("detection/photos");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void aDrawnBoxBecomesAForkCropAndBackgroundAndThePhotoIsKept() throws Exception {
        JsonNode body = web.expect(post(fork, "[" + FORK_BOX + "]"), 201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fork));
        assertThat(body.get("photo").asText()).isEqualTo(sha);
        int boxCrops = body.get("box_crops").asInt();
        int background = body.get("background_crops").asInt();
        assertThat(boxCrops).isBetween(1, 1 + DetectionPhotoRoutes.JITTERED_PER_BOX);
        assertThat(background).isBetween(1, DetectionPhotoRoutes.BACKGROUND_PER_PHOTO);
        assertThat(body.get("results")).hasSize(boxCrops + background);

        List<StoredImage> forks = web.store.images(LabelName.of("fork"));
        List<StoredImage> none = web.store.images(LabelName.NONE);
        assertThat(forks).hasSize(boxCrops);
        assertThat(none).hasSize(background);
        assertThat(forks.get(0).source()).startsWith("detection/photos/" + sha + ".jpg#box=").endsWith("(fork_1.jpg)");
        assertThat(web.store.images()).hasSize(boxCrops + background);

        JsonNode listed = web.expect(web.get("/api/v1/detection/photos"), 200);
        assertThat(listed.get("total").asInt()).isEqualTo(1);
        JsonNode photo = listed.get("photos").get(0);
        assertThat(photo.get("id").asText()).isEqualTo(sha);
        assertThat(photo.get("format").asText()).isEqualTo("jpg");
        JsonNode box = photo.get("boxes").get(0);
        assertThat(box.get("label").asText()).isEqualTo("fork");
        assertThat(box.get("left").asDouble()).isEqualTo(0.145833328);
        assertThat(box.get("height").asDouble()).isEqualTo(0.238562092);

        HttpResponse<byte[]> bytes = web.sendBytes(web.authed("/api/v1/detection/photos/" + sha).GET());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(bytes.body()).isEqualTo(fork);
    }

    @Test
    void theNewestPhotoIsListedFirst() throws Exception {
        byte[] scissors = Files.readAllBytes(PHOTOS.resolve("scissors/scissors_1.jpg"));
        web.expect(post(fork, "[" + FORK_BOX + "]"), 201);
        Thread.sleep(20);
        web.expect(post(scissors, "[{\"label\": \"scissors\", \"left\": 0.2, \"top\": 0.2, \"width\": 0.5, \"height\": 0.5},"
                + " {\"label\": \"scissors\", \"left\": 0.0, \"top\": 0.0, \"width\": 0.2, \"height\": 0.2}]"), 201);
        JsonNode photos = web.expect(web.get("/api/v1/detection/photos"), 200).get("photos");
        assertThat(photos).hasSize(2);
        assertThat(photos.get(0).get("boxes")).hasSize(2);
        assertThat(photos.get(1).get("boxes").get(0).get("label").asText()).isEqualTo("fork");
    }

    @Test
    void badBoxesLabelsAndPhotosAreRefusedAndStoreNothing() throws Exception {
        assertThat(web.expect(post(fork, "[]"), 400).get("error").asText()).isEqualTo("no_boxes");
        assertThat(web.expect(post(fork, null), 400).get("error").asText()).isEqualTo("missing_boxes");
        assertThat(web.expect(post(null, "[" + FORK_BOX + "]"), 400).get("error").asText()).isEqualTo("missing_photo");
        assertThat(web.expect(post(fork, "not json"), 400).get("error").asText()).isEqualTo("invalid_boxes");
        JsonNode outside = web.expect(post(fork, "[{\"label\": \"fork\", \"left\": 0.6, \"top\": 0.2, \"width\": 0.5, \"height\": 0.3}]"), 400);
        assertThat(outside.get("error").asText()).isEqualTo("invalid_box");
        assertThat(outside.get("message").asText()).contains("box 1").contains("inside the photo");
        web.expect(post(fork, "[{\"label\": \"fork\", \"left\": -0.1, \"top\": 0.2, \"width\": 0.5, \"height\": 0.3}]"), 400);
        web.expect(post(fork, "[{\"label\": \"fork\", \"left\": 0.1, \"top\": 0.2, \"width\": 0, \"height\": 0.3}]"), 400);
        web.expect(post(fork, "[{\"label\": \"fork\", \"left\": 0.1, \"top\": 0.2, \"width\": \"wide\", \"height\": 0.3}]"), 400);
        web.expect(post(fork, "[{\"label\": \"fork\", \"left\": 0.1, \"top\": 0.2, \"width\": 0.001, \"height\": 0.3}]"), 400);
        // a good box after a bad one: still nothing stored
        JsonNode second = web.expect(post(fork, "[" + FORK_BOX + ", {\"label\": \"fork\", \"left\": 0.5, \"top\": 0.5, \"width\": 0.9, \"height\": 0.1}]"), 400);
        assertThat(second.get("message").asText()).contains("box 2");
        assertThat(web.expect(post(fork, "[{\"label\": \"../etc\", \"left\": 0.1, \"top\": 0.1, \"width\": 0.5, \"height\": 0.5}]"), 400)
                .get("error").asText()).isEqualTo("invalid_label");
        assertThat(web.expect(post(fork, "[{\"label\": \"None\", \"left\": 0.1, \"top\": 0.1, \"width\": 0.5, \"height\": 0.5}]"), 400)
                .get("error").asText()).isEqualTo("invalid_label");
        JsonNode notImage = web.expect(post("just some text".getBytes(StandardCharsets.UTF_8), "[" + FORK_BOX + "]"), 400);
        assertThat(notImage.get("error").asText()).isEqualTo("invalid_photo");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= DetectionPhotoRoutes.MAX_BOXES; i++) {
            many.append(i == 0 ? "" : ",").append(FORK_BOX);
        }
        assertThat(web.expect(post(fork, many + "]"), 400).get("error").asText()).isEqualTo("too_many_boxes");

        assertThat(web.store.images()).isEmpty();
        assertThat(web.store.labels()).doesNotContain(LabelName.of("fork"));
        assertThat(photosFolderEntries()).isZero();
        assertThat(web.expect(web.get("/api/v1/detection/photos"), 200).get("total").asInt()).isZero();
    }

    @Test
    void replacingTheBoxesOfAKeptPhotoReplacesItsCrops() throws Exception {
        String sha = web.expect(post(fork, "[" + FORK_BOX + "]"), 201).get("photo").asText();
        int before = web.store.images().size();
        String path = "/api/v1/detection/photos/" + sha + "/boxes";
        assertThat(web.expect(web.putJson(path, "{\"boxes\": []}"), 400).get("error").asText()).isEqualTo("no_boxes");
        assertThat(web.expect(web.putJson(path, "{\"boxes\": [{\"label\": \"knife\", \"left\": 0.9, \"top\": 0.1,"
                + " \"width\": 0.5, \"height\": 0.5}]}"), 400).get("error").asText()).isEqualTo("invalid_box");
        assertThat(web.store.images()).hasSize(before);
        web.expect(web.putJson("/api/v1/detection/photos/" + "0".repeat(64) + "/boxes", "{\"boxes\": [" + FORK_BOX + "]}"), 404);

        JsonNode body = web.expect(web.putJson(path, "{\"boxes\": [{\"label\": \"knife\", \"left\": 0.1, \"top\": 0.1,"
                + " \"width\": 0.4, \"height\": 0.4}]}"), 200);
        assertThat(body.get("removed_crops").asInt()).isEqualTo(before);
        assertThat(web.store.images(LabelName.of("fork"))).isEmpty();
        assertThat(web.store.images(LabelName.of("knife"))).hasSize(body.get("box_crops").asInt()).isNotEmpty();
        assertThat(web.store.images()).hasSize(body.get("box_crops").asInt() + body.get("background_crops").asInt());
        JsonNode listed = web.expect(web.get("/api/v1/detection/photos"), 200).get("photos");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("boxes")).hasSize(1);
        assertThat(listed.get(0).get("boxes").get(0).get("label").asText()).isEqualTo("knife");
    }

    @Test
    void photoIdsAreCheckedAndCredentialsRequired() throws Exception {
        for (String id : List.of("..%2F..%2Fmagpie.db", "%2e%2e", "0".repeat(64), "A".repeat(64), "abc")) {
            HttpResponse<String> response = web.get("/api/v1/detection/photos/" + id);
            assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(404);
        }
        assertThat(web.send(web.request("/api/v1/detection/photos").GET()).statusCode()).isEqualTo(401);
        assertThat(post(web.request("/api/v1/detection/photos"), fork, "[" + FORK_BOX + "]").statusCode()).isEqualTo(401);
        web.expect(post(fork, "[" + FORK_BOX + "]"), 201);
        String sha = web.parse(web.get("/api/v1/detection/photos")).get("photos").get(0).get("id").asText();
        assertThat(web.send(web.request("/api/v1/detection/photos/" + sha).GET()).statusCode()).isEqualTo(401);
    }
}
