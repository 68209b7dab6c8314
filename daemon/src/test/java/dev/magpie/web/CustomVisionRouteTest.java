package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Custom Vision compatible route over plain HTTP, as the tutorials' REST samples call it
 * ({@code application/octet-stream} with a {@code Prediction-Key}), and what it refuses: missing and wrong keys,
 * broken, oversized and non-image bodies, and URLs into the device's own network.
 */
class CustomVisionRouteTest {

    @TempDir
    static Path dataDir;

    static WebFixture web;
    static byte[] cherry;

    @BeforeAll
    static void start() throws Exception {
        web = CustomVisionFixture.trained(dataDir);
        cherry = Files.readAllBytes(CustomVisionFixture.photo("japanese_cherry"));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String key) throws Exception {
        HttpRequest.Builder request = web.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Prediction-Key", key);
        }
        return web.send(request);
    }

    private static HttpResponse<String> octets(String path, byte[] body) throws Exception {
        return post(path, "application/octet-stream", body, web.token);
    }

    /** The JPEG grown to exactly {@code size} bytes with comment segments after its start marker: still a valid image. */
    static byte[] padded(byte[] jpeg, int size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        out.write(jpeg, 0, 2);
        int remaining = size - jpeg.length;
        while (remaining > 0) {
            int segment = remaining > 65537 ? Math.min(65537, remaining - 4) : remaining; // marker, length, <= 65533 bytes
            int length = segment - 2;
            out.write(0xFF);
            out.write(0xFE);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.write(new byte[length - 2], 0, length - 2);
            remaining -= segment;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        assertThat(out.size()).isEqualTo(size);
        return out.toByteArray();
    }

    static java.util.List<String> names(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertAzureError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = web.parse(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.has("error")).as("Azure shape, not Magpie's").isFalse();
    }

    @Test
    void tutorialRestSampleGetsTheAzureResponseShape() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> response = octets(CustomVisionFixture.classifyPath("v3.0", "Iteration1", "image"), cherry);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = web.parse(response);
        assertThat(names(body))
                .containsExactly("id", "project", "iteration", "created", "predictions");
        UUID.fromString(body.get("id").asText());
        assertThat(body.get("project").asText()).isEqualTo(CustomVisionFixture.PROJECT.toString());
        assertThat(body.get("iteration").asText()).isEqualTo(CustomVisionPrediction.iterationId("v0001").toString());
        Instant created = Instant.parse(body.get("created").asText());
        assertThat(created).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(body.get("created").asText()).endsWith("Z");
        JsonNode predictions = body.get("predictions");
        assertThat(predictions).hasSize(2);
        assertThat(names(predictions.get(0)))
                .containsExactly("probability", "tagId", "tagName");
        assertThat(predictions.get(0).get("tagName").asText()).isEqualTo("japanese_cherry");
        assertThat(predictions.get(0).get("tagId").asText()).isEqualTo(CustomVisionPrediction.tagId("japanese_cherry").toString());
        assertThat(predictions.get(1).get("tagName").asText()).isEqualTo("hemlock");
        double sum = predictions.get(0).get("probability").asDouble() + predictions.get(1).get("probability").asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(predictions.get(0).get("probability").asDouble()).isGreaterThan(predictions.get(1).get("probability").asDouble());
    }

    @Test
    void everyVersionAndLetterCaseAndVariantAnswersAndOnlyTheStoringOnesFillTheInbox() throws Exception {
        int inbox = web.store.inbox().size();
        for (String path : new String[] {
                "/customvision/v3.1/prediction/" + CustomVisionFixture.PROJECT + "/classify/iterations/current/image/nostore",
                "/CustomVision/v3.0/Prediction/" + CustomVisionFixture.PROJECT + "/Classify/Iterations/v0001/image/NoStore",
                CustomVisionFixture.classifyPath("v3.1", "v0001", "image/nostore")}) {
            HttpResponse<String> response = octets(path, cherry);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            assertThat(web.parse(response).get("predictions").get(0).get("tagName").asText()).isEqualTo("japanese_cherry");
        }
        assertThat(web.store.inbox()).hasSize(inbox);

        byte[] hemlock = Files.readAllBytes(CustomVisionFixture.photo("hemlock"));
        byte[] changed = Arrays.copyOf(hemlock, hemlock.length + 1); // new bytes: the store keeps each image once
        assertThat(octets(CustomVisionFixture.classifyPath("v3.1", "current", "image"), changed).statusCode()).isEqualTo(200);
        assertThat(web.store.inbox()).hasSize(inbox + 1);
    }

    @Test
    void multipartWithOrWithoutAFileNameIsAccepted() throws Exception {
        for (String disposition : new String[] {"form-data; name=\"imageData\"", "form-data; name=\"file\"; filename=\"cherry.jpg\""}) {
            String boundary = "----magpie" + UUID.randomUUID();
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: " + disposition
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + cherry.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(cherry, 0, body, head.length, cherry.length);
            System.arraycopy(tail, 0, body, head.length + cherry.length, tail.length);
            HttpResponse<String> response = post(CustomVisionFixture.classifyPath("v3.1", "current", "image/nostore"),
                    "multipart/form-data; boundary=" + boundary, body, web.token);
            assertThat(response.statusCode()).as(disposition + ": " + response.body()).isEqualTo(200);
            assertThat(web.parse(response).get("predictions").get(0).get("tagName").asText()).isEqualTo("japanese_cherry");
        }
    }

    @Test
    void missingOrWrongKeyIsAnAzureStyle401() throws Exception {
        String path = CustomVisionFixture.classifyPath("v3.0", "current", "image");
        assertAzureError(post(path, "application/octet-stream", cherry, null), 401, "401");
        assertAzureError(post(path, "application/octet-stream", cherry, "mgp_wrong"), 401, "401");
        assertAzureError(post(path.toLowerCase(java.util.Locale.ROOT), "application/octet-stream", cherry, ""), 401, "401");
    }

    @Test
    void hostileBodiesAreRefusedInAzureShape() throws Exception {
        String path = CustomVisionFixture.classifyPath("v3.0", "current", "image/nostore");
        assertAzureError(octets(path, Arrays.copyOf(cherry, cherry.length / 3)), 400, "BadRequestImageFormat");
        assertAzureError(post(path, "text/plain", "hello, not an image".getBytes(StandardCharsets.UTF_8), web.token),
                400, "BadRequestImageFormat");
        assertAzureError(octets(path, new byte[0]), 400, "BadRequestImageStream");

        byte[] fiveMegabytes = padded(cherry, 5 * 1024 * 1024);
        HttpResponse<String> tooLarge = octets(path, fiveMegabytes);
        assertAzureError(tooLarge, 400, "BadRequestImageSizeBytes");
        assertThat(web.parse(tooLarge).get("message").asText()).contains("4 MB");
        byte[] justUnder = padded(cherry, CustomVisionImage.MAX_BYTES);
        HttpResponse<String> atTheLimit = octets(path, justUnder);
        assertThat(atTheLimit.statusCode()).as(atTheLimit.body()).isEqualTo(200);
    }

    @Test
    void urlsIntoTheDevicesOwnNetworkAreRefused() throws Exception {
        String path = CustomVisionFixture.classifyPath("v3.0", "current", "url");
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:" + web.server.port() + "/",
                "http://192.168.1.1/cam.jpg", "file:///etc/passwd", "http://[::1]/x.jpg"}) {
            HttpResponse<String> response = web.send(web.request(path).header("Prediction-Key", web.token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Url\": \"" + url + "\"}")));
            assertAzureError(response, 400, "BadRequestImageUrl");
        }
        HttpResponse<String> noUrl = web.send(web.request(path).header("Prediction-Key", web.token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertAzureError(noUrl, 400, "BadRequestImageUrl");
        HttpResponse<String> notJson = web.send(web.request(path).header("Prediction-Key", web.token)
                .POST(HttpRequest.BodyPublishers.ofString("Url=http://example.com")));
        assertAzureError(notJson, 400, "BadRequest");
    }

    @Test
    void unknownRoutesAndBadProjectIdsSayWhatIsWrong() throws Exception {
        assertAzureError(octets("/customvision/v3.0/Prediction/not-a-guid/detect/iterations/current/image", cherry),
                404, "NotFoundProject");
        assertAzureError(octets("/customvision/v2.0/Prediction/" + CustomVisionFixture.PROJECT
                + "/classify/iterations/current/image", cherry), 404, "NotFound");
        assertAzureError(octets("/customvision/v3.0/Prediction/not-a-guid/classify/iterations/current/image", cherry),
                404, "NotFoundProject");
    }

    @Test
    void aClassifierIsNotACustomDetector() throws Exception {
        HttpResponse<String> response = web.send(web.authed("/api/v1/detect?model=custom&store=false")
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(cherry)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("no_detection_model");
        assertThat(web.parse(response).get("message").asText()).contains("v0001").contains("None");
    }

    @Test
    void theMagpieApiKeepsItsOwnErrorShape() throws Exception {
        HttpResponse<String> refused = web.send(web.request("/api/v1/status").GET().timeout(Duration.ofSeconds(10)));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(web.parse(refused).get("error").asText()).isEqualTo("unauthorized");
    }
}
