package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileInputTest {

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

    @Test
    void invalidLabelNameIsRefusedAndNothingIsCreated() throws Exception {
        HttpResponse<String> response = web.postJson("/api/v1/labels", "{\"name\":\"../etc\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("invalid_label");
        assertThat(web.store.labels()).isEmpty();
    }

    @Test
    void pathTraversalInAnImageIdIsA404() throws Exception {
        for (String id : new String[] {"..%2F..%2Fmagpie.db", "%2e%2e", "abc"}) {
            HttpResponse<String> response = web.get("/api/v1/images/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
        }
        HttpResponse<String> label = web.get("/api/v1/labels/..%2F..%2Fweb/images");
        assertThat(label.statusCode()).isEqualTo(404);
        assertThat(web.parse(label).get("error").asText()).isEqualTo("unknown_label");
    }

    @Test
    void truncatedImageIsRejectedPerFileAndTheStoreIsUnchanged() throws Exception {
        byte[] jpeg = TestImages.jpeg(3);
        HttpResponse<String> response = web.send(web.authed("/api/v1/images?label=apple")
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(jpeg, jpeg.length / 3))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("nothing_added");
        assertThat(web.parse(response).get("message").asText()).startsWith("body: ").contains("truncated");
        assertThat(web.store.images()).isEmpty();

        HttpResponse<String> good = web.send(web.authed("/api/v1/images?label=apple")
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)));
        assertThat(good.statusCode()).isEqualTo(201);
        String id = web.parse(good).get("results").get(0).get("id").asText();
        HttpResponse<byte[]> bytes = web.sendBytes(web.authed("/api/v1/images/" + id).GET());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(bytes.body()).isEqualTo(jpeg);
    }

    @Test
    void predictWithoutAModelSaysSo() throws Exception {
        HttpResponse<String> response = web.send(web.authed("/api/v1/predict?store=false")
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(1))));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(web.parse(response).get("error").asText()).isEqualTo("no_model");
    }

    @Test
    void unknownModelVersionIsA404() throws Exception {
        assertThat(web.get("/api/v1/models/v0042/metrics").statusCode()).isEqualTo(404);
        assertThat(web.get("/api/v1/models/..%2Fx/metrics").statusCode()).isEqualTo(404);
    }
}
