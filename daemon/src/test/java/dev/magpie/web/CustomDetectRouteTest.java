package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.Split;
import dev.magpie.detect.BoxAnnotation;
import dev.magpie.detect.BoxCropImporter;
import dev.magpie.detect.BoxCsv;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.testing.SharedFiles;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/detect?model=custom}: the owner's own detection (docs/detection.md) over real HTTP. The head is
 * trained on box crops of the shared fork/scissors photos (8 per label, with {@code None} background crops) and then
 * asked about a fork photo it was trained on.
 */
class CustomDetectRouteTest {

    static final Path PHOTOS = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");
    static final int PER_LABEL = 8;

    @TempDir
    static Path dataDir;

    static WebFixture web;
    static byte[] fork;

    @BeforeAll
    static void train() throws Exception {
        web = new WebFixture(dataDir);
        BoxCsv.Parsed parsed = BoxCsv.parse(Files.readString(PHOTOS.resolve("boxes.csv")));
        assertThat(parsed.problems()).isEmpty();
        BoxCropImporter importer = new BoxCropImporter(web.store, web.decoder, 4, 0.3, 7);
        Map<String, Integer> imported = new HashMap<>();
        for (BoxAnnotation box : parsed.boxes()) {
            if (imported.merge(box.label(), 1, Integer::sum) <= PER_LABEL) {
                byte[] bytes = Files.readAllBytes(PHOTOS.resolve(box.path()));
                importer.importPhoto(bytes, box.path(), List.of(box), Split.UNASSIGNED);
                if (fork == null && box.label().equals("fork")) {
                    fork = bytes;
                }
            }
        }
        String version = new TrainingRun(web.store, web.decoder, WebFixture.backbone(), web.registry,
                TrainingOptions.defaults(7).withAugmentedViews(1), Clock.systemUTC()).run(ProgressListener.NONE).version();
        assertThat(web.runner.commands().promote(version).ok()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    private static HttpResponse<String> detect(String query) throws Exception {
        return web.send(web.authed("/api/v1/detect" + query).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fork)));
    }

    @Test
    void theTrainedHeadFindsTheForkWithARelativeBox() throws Exception {
        HttpResponse<String> response = detect("?model=custom&store=false&min_score=0.5");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = web.parse(response);
        assertThat(body.get("model").asText()).isEqualTo("v0001");
        assertThat(body.get("proposals").asText()).isEqualTo("coco");
        JsonNode detections = body.get("detections");
        assertThat(detections).isNotEmpty();
        JsonNode first = detections.get(0);
        assertThat(first.get("label").asText()).isEqualTo("fork");
        assertThat(first.get("probability").asDouble()).isGreaterThanOrEqualTo(0.5);
        for (JsonNode d : detections) {
            assertThat(d.get("label").asText()).isIn("fork", "scissors");
            JsonNode box = d.get("box");
            double left = box.get("left").asDouble();
            double top = box.get("top").asDouble();
            assertThat(left).isBetween(0.0, 1.0);
            assertThat(top).isBetween(0.0, 1.0);
            assertThat(left + box.get("width").asDouble()).isBetween(0.0, 1.0 + 1e-9);
            assertThat(top + box.get("height").asDouble()).isBetween(0.0, 1.0 + 1e-9);
            assertThat(box.get("width").asDouble() * box.get("height").asDouble()).isGreaterThan(0.05);
        }
    }

    @Test
    void theClassFilterUsesTheOwnersLabels() throws Exception {
        JsonNode scissors = web.parse(detect("?model=custom&store=false&classes=scissors&min_score=0.5")).get("detections");
        scissors.forEach(d -> assertThat(d.get("label").asText()).isEqualTo("scissors"));
        HttpResponse<String> bird = detect("?model=custom&store=false&classes=bird");
        assertThat(bird.statusCode()).isEqualTo(400);
        assertThat(web.parse(bird).get("message").asText()).contains("fork").contains("scissors").doesNotContain("None");
        HttpResponse<String> unknown = detect("?model=yolo9000&store=false");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(web.parse(unknown).get("error").asText()).isEqualTo("unknown_detector");
    }

    @Test
    void cocoProposalsFindTheForkWithFewerCrops() throws Exception {
        for (String proposals : List.of("coco", "both", "COCO")) {
            HttpResponse<String> response = detect("?model=custom&store=false&min_score=0.5&proposals=" + proposals);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = web.parse(response);
            assertThat(body.get("proposals").asText()).isEqualTo(proposals.toLowerCase(java.util.Locale.ROOT));
            JsonNode detections = body.get("detections");
            assertThat(detections).as(proposals).isNotEmpty();
            assertThat(detections.get(0).get("label").asText()).isEqualTo("fork");
            assertThat(detections.get(0).get("probability").asDouble()).isGreaterThanOrEqualTo(0.5);
            JsonNode box = detections.get(0).get("box");
            assertThat(box.get("width").asDouble() * box.get("height").asDouble()).isBetween(0.01, 1.0);
        }
        HttpResponse<String> windows = detect("?model=custom&store=false&min_score=0.5&proposals=windows");
        assertThat(windows.statusCode()).as(windows.body()).isEqualTo(200);
        assertThat(web.parse(windows).get("proposals").asText()).isEqualTo("windows");
    }

    @Test
    void unknownProposalsAreABadRequestNamingTheAllowedValues() throws Exception {
        HttpResponse<String> response = detect("?model=custom&store=false&proposals=selective-search");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = web.parse(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid_proposals");
        assertThat(body.get("message").asText()).contains("windows").contains("coco").contains("both").contains("selective-search");
    }
}
