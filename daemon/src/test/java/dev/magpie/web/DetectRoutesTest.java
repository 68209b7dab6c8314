package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.config.WebConfig;
import dev.magpie.testing.DarknetSamples;
import dev.magpie.testing.SharedFiles;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object detection over real HTTP with the real YOLOX-nano from {@code MAGPIE_MODEL_PATH} on the shared sample
 * photos: {@code POST /api/v1/detect} and the Custom Vision {@code /detect/...} route.
 */
class DetectRoutesTest {

    @TempDir
    static Path dataDir;

    static WebFixture web;
    static byte[] owl;
    static byte[] pets;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(dataDir);
        owl = Files.readAllBytes(SharedFiles.sample("owl.jpg"));
        pets = Files.readAllBytes(SharedFiles.sample("pets.jpg"));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    private static HttpResponse<String> detect(String query, String contentType, byte[] body) throws Exception {
        return web.send(web.authed("/api/v1/detect" + query).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void assertPlausibleBox(JsonNode box, double minArea) {
        double left = box.get("left").asDouble();
        double top = box.get("top").asDouble();
        double width = box.get("width").asDouble();
        double height = box.get("height").asDouble();
        assertThat(left).isBetween(0.0, 1.0);
        assertThat(top).isBetween(0.0, 1.0);
        assertThat(width).isGreaterThan(0.0);
        assertThat(height).isGreaterThan(0.0);
        assertThat(left + width).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(top + height).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(width * height).as("area").isBetween(minArea, 1.0);
    }

    private static List<String> labels(JsonNode detections, String field) {
        List<String> labels = new ArrayList<>();
        detections.forEach(d -> labels.add(d.get(field).asText()));
        return labels;
    }

    @Test
    void theOwlIsABirdWithARelativeBox() throws Exception {
        HttpResponse<String> response = detect("?store=false", "image/jpeg", owl);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = web.parse(response);
        assertThat(body.get("model").asText()).isEqualTo("yolox-nano-onnx");
        assertThat(body.get("ms").asDouble()).isPositive();
        JsonNode first = body.get("detections").get(0);
        assertThat(first.get("label").asText()).isEqualTo("bird");
        assertThat(first.get("probability").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertPlausibleBox(first.get("box"), 0.05);
        for (JsonNode d : body.get("detections")) {
            assertThat(d.get("probability").asDouble()).isGreaterThanOrEqualTo(DetectRoutes.DEFAULT_MIN_SCORE);
            assertPlausibleBox(d.get("box"), 0.0);
        }
    }

    @Test
    void theDarknetEagleBoxIsWhereMagpieMdSaysItIs() throws Exception {
        Path eagle = DarknetSamples.photo("eagle.jpg").orElse(null);
        Assumptions.assumeTrue(eagle != null, DarknetSamples.WHY_MISSING);
        HttpResponse<String> response = detect("?store=false&classes=bird", "application/octet-stream", Files.readAllBytes(eagle));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode box = web.parse(response).get("detections").get(0).get("box");
        // 773×512 photo, bird at x 139-602, y 80-448 (YoloxDetectorTest)
        assertThat(box.get("left").asDouble()).isCloseTo(139 / 773.0, within(0.01));
        assertThat(box.get("top").asDouble()).isCloseTo(80 / 512.0, within(0.01));
        assertThat(box.get("width").asDouble()).isCloseTo((602 - 139) / 773.0, within(0.015));
        assertThat(box.get("height").asDouble()).isCloseTo((448 - 80) / 512.0, within(0.015));
    }

    @Test
    void theClassFilterAndMinScoreKeepOnlyWhatWasAskedFor() throws Exception {
        JsonNode all = web.parse(detect("?store=false", "image/jpeg", pets)).get("detections");
        assertThat(labels(all, "label")).filteredOn("dog"::equals).hasSize(2);

        JsonNode birds = web.parse(detect("?store=false&classes=bird", "image/jpeg", pets)).get("detections");
        assertThat(birds).isEmpty();

        JsonNode dogsAndBirds = web.parse(detect("?store=false&classes=bird,dog", "image/jpeg", pets)).get("detections");
        assertThat(labels(dogsAndBirds, "label")).containsExactly("dog", "dog");

        JsonNode strict = web.parse(detect("?store=false&classes=dog&min_score=0.88", "image/jpeg", pets)).get("detections");
        assertThat(strict).hasSize(1);

        HttpResponse<String> unknown = detect("?store=false&classes=goldfinch", "image/jpeg", pets);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(web.parse(unknown).get("error").asText()).isEqualTo("unknown_class");
        assertThat(web.parse(unknown).get("message").asText()).contains("goldfinch").contains("bird");

        HttpResponse<String> badScore = detect("?store=false&min_score=2", "image/jpeg", pets);
        assertThat(badScore.statusCode()).isEqualTo(400);
        assertThat(web.parse(badScore).get("error").asText()).isEqualTo("invalid_min_score");
    }

    @Test
    void theCustomDetectorWithoutATrainedModelSaysSo() throws Exception {
        HttpResponse<String> response = detect("?model=custom&store=false", "image/jpeg", owl);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("no_model");
    }

    @Test
    void aMultipartFileIsAcceptedAndStoringKeepsTheImageInTheInbox() throws Exception {
        int before = web.parse(web.get("/api/v1/inbox")).get("total").asInt();
        String boundary = "----magpie" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"owl.jpg\""
                + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + owl.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(owl, 0, body, head.length, owl.length);
        System.arraycopy(tail, 0, body, head.length + owl.length, tail.length);
        HttpResponse<String> response = detect("", "multipart/form-data; boundary=" + boundary, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(web.parse(response).get("detections").get(0).get("label").asText()).isEqualTo("bird");
        assertThat(web.parse(web.get("/api/v1/inbox")).get("total").asInt()).isEqualTo(before + 1);
    }

    @Test
    void unauthenticatedAndNonImageRequestsAreRefused() throws Exception {
        HttpResponse<String> anonymous = web.send(web.request("/api/v1/detect").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> text = detect("?store=false", "application/octet-stream",
                "this is not an image".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).as(text.body()).isIn(400, 415);
        assertThat(web.parse(text).get("error").asText()).isIn("unsupported_image", "invalid_image");

        HttpResponse<String> empty = detect("?store=false", "image/jpeg", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    void theCustomVisionDetectRouteAnswersInAzuresShape() throws Exception {
        for (String version : CustomVisionRoutes.API_VERSIONS) {
            String path = "/customvision/" + version + "/Prediction/" + CustomVisionFixture.PROJECT
                    + "/detect/iterations/current/image/nostore";
            HttpResponse<String> response = web.send(web.request(path).header("Prediction-Key", web.token)
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = web.parse(response);
            assertThat(UUID.fromString(body.get("id").asText())).isNotNull();
            assertThat(body.get("project").asText()).isEqualTo(CustomVisionFixture.PROJECT.toString());
            assertThat(UUID.fromString(body.get("iteration").asText())).isNotNull();
            assertThat(body.get("created").asText()).isNotBlank();
            JsonNode first = body.get("predictions").get(0);
            assertThat(first.get("tagName").asText()).isEqualTo("bird");
            assertThat(first.get("tagId").asText()).isEqualTo(CustomVisionPrediction.tagId("bird").toString());
            assertThat(first.get("probability").asDouble()).isGreaterThanOrEqualTo(0.8);
            assertPlausibleBox(first.get("boundingBox"), 0.05);
            double last = 1;
            for (JsonNode p : body.get("predictions")) {
                assertThat(p.get("probability").asDouble()).isLessThanOrEqualTo(last);
                last = p.get("probability").asDouble();
                assertPlausibleBox(p.get("boundingBox"), 0.0);
            }
        }
    }

    @Test
    void theCustomVisionDetectRouteRefusesAsAzureDoes() throws Exception {
        String path = "/customvision/v3.0/prediction/" + CustomVisionFixture.PROJECT + "/detect/iterations/current/image";
        HttpResponse<String> anonymous = web.send(web.request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(web.parse(anonymous).get("code").asText()).isEqualTo("401");

        HttpResponse<String> text = web.send(web.request(path).header("Prediction-Key", web.token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("not an image")));
        assertThat(text.statusCode()).as(text.body()).isEqualTo(400);
        assertThat(web.parse(text).get("code").asText()).isEqualTo("BadRequestImageFormat");

        HttpResponse<String> loopback = web.send(web.request(path.replace("/image", "/url")).header("Prediction-Key", web.token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Url\": \"http://127.0.0.1:" + web.server.port() + "/\"}")));
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(400);
        assertThat(web.parse(loopback).get("code").asText()).isEqualTo("BadRequestImageUrl");
    }

    @Test
    void aMissingModelIsA503ThatSaysWhereToPutIt(@TempDir Path otherDir) throws Exception {
        try (WebFixture bare = new WebFixture(otherDir, WebConfig.defaults(), Optional.empty(), Map.of())) {
            HttpResponse<String> response = bare.send(bare.authed("/api/v1/detect?store=false")
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            JsonNode body = bare.parse(response);
            assertThat(body.get("error").asText()).isEqualTo("model_missing");
            assertThat(body.get("message").asText()).contains("yolox-nano-onnx").contains("MAGPIE_MODEL_PATH")
                    .contains(otherDir.resolve("cache").resolve("models").toString()).doesNotContain("Exception");
            // model=custom: explicit COCO proposals need the model too; the default falls back to the windows, and so
            // gets as far as the missing custom model
            HttpResponse<String> coco = bare.send(bare.authed("/api/v1/detect?store=false&model=custom&proposals=coco")
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
            assertThat(coco.statusCode()).as(coco.body()).isEqualTo(503);
            assertThat(bare.parse(coco).get("error").asText()).isEqualTo("model_missing");
            HttpResponse<String> fallback = bare.send(bare.authed("/api/v1/detect?store=false&model=custom")
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(owl)));
            assertThat(fallback.statusCode()).as(fallback.body()).isEqualTo(409);
            assertThat(bare.parse(fallback).get("error").asText()).isEqualTo("no_model");
        }
    }
}
