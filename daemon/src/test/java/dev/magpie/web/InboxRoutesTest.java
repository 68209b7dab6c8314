package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/inbox, POST /api/v1/inbox/label, DELETE /api/v1/inbox/{id} through real HTTP, checked against the store. */
class InboxRoutesTest {

    private static final String MISSING_ID = "f".repeat(64);

    @TempDir
    Path dataDir;

    WebFixture web;
    String unsure;
    String sure;
    String plain;
    String labelled;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dataDir);
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        unsure = web.store.addToInbox(TestImages.generated(1, "jpg"), "zone", new InboxMeta("door", at, "v0001",
                List.of(new InboxMeta.Score("cat", 0.40), new InboxMeta.Score("dog", 0.35)), "low_confidence")).sha256();
        sure = web.store.addToInbox(TestImages.generated(2, "jpg"), "zone", new InboxMeta("door", at, "v0001",
                List.of(new InboxMeta.Score("cat", 0.90), new InboxMeta.Score("dog", 0.05)), "sample")).sha256();
        plain = web.store.addToInbox(TestImages.generated(3, "png"), "upload").sha256();
        labelled = web.store.addImage(TestImages.generated(4, "jpg"), LabelName.of("cat"), "test").sha256();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private List<String> inboxIds() {
        return web.store.inbox().stream().map(StoredImage::sha256).toList();
    }

    @Test
    void listsTheInboxLeastConfidentFirstWithWhatWasCollected() throws Exception {
        JsonNode body = web.expect(web.get("/api/v1/inbox"), 200);
        assertThat(body.get("total").asInt()).isEqualTo(3);
        assertThat(body.get("order").asText()).isEqualTo("least_confident");
        JsonNode items = body.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("id").asText()).isEqualTo(unsure);
        JsonNode collected = items.get(0).get("collected");
        assertThat(collected.get("zone").asText()).isEqualTo("door");
        assertThat(collected.get("model").asText()).isEqualTo("v0001");
        assertThat(collected.get("reason").asText()).isEqualTo("low_confidence");
        assertThat(collected.get("scores").get(0).get("label").asText()).isEqualTo("cat");
        assertThat(collected.get("top_confidence").asDouble()).isEqualTo(0.40, org.assertj.core.data.Offset.offset(1e-6));
        for (JsonNode item : items) {
            assertThat(item.get("label").isNull()).isTrue();
        }
        JsonNode page = web.expect(web.get("/api/v1/inbox?offset=1&limit=1"), 200);
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void badOrderOrPagingIs400() throws Exception {
        assertThat(web.expect(web.get("/api/v1/inbox?order=random"), 400).get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(web.expect(web.get("/api/v1/inbox?limit=501"), 400).get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(web.expect(web.get("/api/v1/inbox?offset=x"), 400).get("error").asText()).isEqualTo("invalid_parameter");
    }

    @Test
    void bulkLabelMovesEveryItemAndGrowsTheLabel() throws Exception {
        JsonNode body = web.expect(web.postJson("/api/v1/inbox/label",
                "{\"items\": [\"" + unsure + "\", \"" + sure + "\"], \"label\": \"dog\"}"), 200);
        assertThat(body.get("labelled").asInt()).isEqualTo(2);
        assertThat(body.get("inbox").asInt()).isEqualTo(1);
        assertThat(inboxIds()).containsExactly(plain);
        assertThat(web.store.images(LabelName.of("dog"))).extracting(StoredImage::sha256).containsExactlyInAnyOrder(unsure, sure);
    }

    @Test
    void bulkLabelWithNullDiscards() throws Exception {
        JsonNode body = web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + plain + "\"], \"label\": null}"), 200);
        assertThat(body.get("discarded").asInt()).isEqualTo(1);
        assertThat(web.store.find(plain)).isEmpty();
        assertThat(inboxIds()).containsExactlyInAnyOrder(unsure, sure);
    }

    @Test
    void aBatchWithOneBadIdChangesNothing() throws Exception {
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + unsure + "\", \"" + MISSING_ID + "\"], \"label\": \"dog\"}"), 404)
                .get("error").asText()).isEqualTo("unknown_image");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + unsure + "\", \"" + labelled + "\"], \"label\": \"dog\"}"), 409)
                .get("error").asText()).isEqualTo("not_in_inbox");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + unsure + "\", 42], \"label\": null}"), 404)
                .get("error").asText()).isEqualTo("unknown_image");
        assertThat(inboxIds()).containsExactlyInAnyOrder(unsure, sure, plain);
        assertThat(web.store.labels()).containsExactly(LabelName.of("cat"));
    }

    @Test
    void malformedBulkBodiesAre400() throws Exception {
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"label\": \"dog\"}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [], \"label\": \"dog\"}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": \"" + unsure + "\", \"label\": \"dog\"}"), 400).get("error").asText())
                .isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + unsure + "\"]}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "{\"items\": [\"" + unsure + "\"], \"label\": \"no/pe\"}"), 400).get("error").asText())
                .isEqualTo("invalid_label");
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", "[1, 2]"), 400).get("error").asText()).isEqualTo("invalid_json");
        StringBuilder many = new StringBuilder("{\"label\": \"dog\", \"items\": [");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append('"').append(unsure).append('"');
        }
        assertThat(web.expect(web.postJson("/api/v1/inbox/label", many + "]}"), 400).get("error").asText()).isEqualTo("missing_field");
        assertThat(inboxIds()).hasSize(3);
    }

    @Test
    void discardOneRemovesItAndRefusesUnknownOrLabelledIds() throws Exception {
        JsonNode body = web.expect(web.delete("/api/v1/inbox/" + sure), 200);
        assertThat(body.get("discarded").asInt()).isEqualTo(1);
        assertThat(body.get("inbox").asInt()).isEqualTo(2);
        assertThat(web.store.find(sure)).isEmpty();
        assertThat(web.expect(web.delete("/api/v1/inbox/" + sure), 404).get("error").asText()).isEqualTo("unknown_image");
        assertThat(web.expect(web.delete("/api/v1/inbox/nothex"), 404).get("error").asText()).isEqualTo("unknown_image");
        assertThat(web.expect(web.delete("/api/v1/inbox/" + labelled), 409).get("error").asText()).isEqualTo("not_in_inbox");
        assertThat(web.store.find(labelled)).isPresent();
        assertThat(inboxIds()).containsExactlyInAnyOrder(unsure, plain);
    }
}
