package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET/POST /api/v1/labels, PUT/DELETE /api/v1/labels/{label} through real HTTP, checked against the store. */
class LabelRoutesTest {

    @TempDir
    Path dataDir;

    WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dataDir);
        for (int i = 0; i < 3; i++) {
            web.store.addImage(TestImages.generated(i, "jpg"), LabelName.of("red"), "test");
        }
        web.store.addImage(TestImages.generated(500, "png"), LabelName.of("blue"), "test");
        web.store.addToInbox(TestImages.generated(900, "jpg"), "test");
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private static JsonNode expect(WebFixture web, HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return web.parse(response);
    }

    @Test
    void listsLabelsWithCountsAndTheInboxSize() throws Exception {
        JsonNode body = expect(web, web.get("/api/v1/labels"), 200);
        assertThat(body.get("inbox").asInt()).isEqualTo(1);
        assertThat(body.get("labels")).hasSize(2);
        for (JsonNode label : body.get("labels")) {
            int expected = label.get("name").asText().equals("red") ? 3 : 1;
            assertThat(label.get("images").asInt()).as(label.toString()).isEqualTo(expected);
        }
    }

    @Test
    void createsALabelAndRefusesADuplicateOrABadName() throws Exception {
        JsonNode created = expect(web, web.postJson("/api/v1/labels", "{\"name\": \"green\"}"), 201);
        assertThat(created.get("name").asText()).isEqualTo("green");
        assertThat(created.get("images").asInt()).isZero();
        assertThat(web.store.labels()).contains(LabelName.of("green"));

        assertThat(expect(web, web.postJson("/api/v1/labels", "{\"name\": \"green\"}"), 409).get("error").asText())
                .isEqualTo("label_exists");
        assertThat(expect(web, web.postJson("/api/v1/labels", "{\"name\": \"../etc\"}"), 400).get("error").asText())
                .isEqualTo("invalid_label");
        assertThat(expect(web, web.postJson("/api/v1/labels", "{\"name\": \"" + "a".repeat(33) + "\"}"), 400)
                .get("error").asText()).isEqualTo("invalid_label");
        assertThat(expect(web, web.postJson("/api/v1/labels", "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(expect(web, web.postJson("/api/v1/labels", "{\"name\": 7}"), 400).get("error").asText()).isEqualTo("invalid_field");
        assertThat(expect(web, web.postJson("/api/v1/labels", "not json"), 400).get("error").asText()).isEqualTo("invalid_json");
        assertThat(web.store.labels()).containsExactlyInAnyOrder(LabelName.of("red"), LabelName.of("blue"), LabelName.of("green"));
    }

    @Test
    void renameMovesTheImages() throws Exception {
        List<String> before = web.store.images(LabelName.of("red")).stream().map(StoredImage::sha256).toList();
        JsonNode body = expect(web, web.putJson("/api/v1/labels/red", "{\"name\": \"crimson\"}"), 200);
        assertThat(body.get("name").asText()).isEqualTo("crimson");
        assertThat(body.get("images").asInt()).isEqualTo(3);
        assertThat(web.store.labels()).doesNotContain(LabelName.of("red")).contains(LabelName.of("crimson"));
        assertThat(web.store.images(LabelName.of("crimson")).stream().map(StoredImage::sha256).toList())
                .containsExactlyInAnyOrderElementsOf(before);
        for (String id : before) {
            HttpResponse<byte[]> bytes = web.sendBytes(web.authed("/api/v1/images/" + id).GET());
            assertThat(bytes.statusCode()).isEqualTo(200); // the files moved with the label
        }
    }

    @Test
    void renameRefusalsLeaveTheStoreAlone() throws Exception {
        assertThat(expect(web, web.putJson("/api/v1/labels/nosuch", "{\"name\": \"x\"}"), 404).get("error").asText())
                .isEqualTo("unknown_label");
        assertThat(expect(web, web.putJson("/api/v1/labels/..%2F..", "{\"name\": \"x\"}"), 404).get("error").asText())
                .isEqualTo("unknown_label");
        assertThat(expect(web, web.putJson("/api/v1/labels/red", "{\"name\": \"bad name\"}"), 400).get("error").asText())
                .isEqualTo("invalid_label");
        assertThat(expect(web, web.putJson("/api/v1/labels/red", "{}"), 400).get("error").asText()).isEqualTo("missing_field");
        JsonNode merge = expect(web, web.putJson("/api/v1/labels/red", "{\"name\": \"blue\"}"), 400);
        assertThat(merge.get("error").asText()).isEqualTo("invalid_request");
        assertThat(web.store.labelCounts()).containsEntry(LabelName.of("red"), 3).containsEntry(LabelName.of("blue"), 1).hasSize(2);
    }

    @Test
    void deleteRemovesTheImagesByDefault() throws Exception {
        JsonNode body = expect(web, web.delete("/api/v1/labels/red"), 200);
        assertThat(body.get("deleted").asText()).isEqualTo("red");
        assertThat(body.get("images_deleted").asInt()).isEqualTo(3);
        assertThat(body.get("images_moved_to_inbox").asInt()).isZero();
        assertThat(web.store.labels()).containsExactly(LabelName.of("blue"));
        assertThat(web.store.images()).hasSize(2);
        assertThat(web.store.inbox()).hasSize(1);
    }

    @Test
    void deleteCanMoveTheImagesToTheInbox() throws Exception {
        List<String> red = web.store.images(LabelName.of("red")).stream().map(StoredImage::sha256).toList();
        JsonNode body = expect(web, web.delete("/api/v1/labels/red?move_to_inbox=true"), 200);
        assertThat(body.get("images_deleted").asInt()).isZero();
        assertThat(body.get("images_moved_to_inbox").asInt()).isEqualTo(3);
        assertThat(web.store.labels()).containsExactly(LabelName.of("blue"));
        assertThat(web.store.inbox()).hasSize(4);
        assertThat(web.store.inbox().stream().map(StoredImage::sha256).toList()).containsAll(red);
    }

    @Test
    void deletingAnUnknownLabelIs404AndChangesNothing() throws Exception {
        assertThat(expect(web, web.delete("/api/v1/labels/nosuch"), 404).get("error").asText()).isEqualTo("unknown_label");
        assertThat(expect(web, web.delete("/api/v1/labels/no-such"), 404).get("error").asText()).isEqualTo("unknown_label");
        // Jetty refuses a NUL in the path itself, before Javalin; the answer still has the API's error shape
        HttpResponse<String> nul = web.delete("/api/v1/labels/%00");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(web.parse(nul).get("error").asText()).isEqualTo("bad_request");
        assertThat(web.parse(nul).get("message").asText()).contains("before the request reached Magpie");
        assertThat(web.store.images()).hasSize(5);
        assertThat(web.store.labels()).hasSize(2);
    }

    @Test
    void withoutATokenNothingChanges() throws Exception {
        HttpResponse<String> response = web.send(web.request("/api/v1/labels/red").DELETE());
        assertThat(expect(web, response, 401).get("error").asText()).isEqualTo("unauthorized");
        HttpResponse<String> wrong = web.send(web.request("/api/v1/labels/red").header("Authorization", "Bearer nope").DELETE());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(web.store.labels()).hasSize(2);
    }
}
