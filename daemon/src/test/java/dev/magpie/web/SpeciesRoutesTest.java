package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.config.WebConfig;
import dev.magpie.testing.OwlScene;
import dev.magpie.vision.ModelResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/species} on a daemon watching a replay of the owl scene with a bird-detecting zone. */
class SpeciesRoutesTest {

    @TempDir
    Path temp;

    @Test
    void aVisitShowsUpInTodaysListOfItsZone() throws Exception {
        // the daemon's detection models are found through the process environment, as on a board
        Assumptions.assumeTrue(System.getenv(ModelResolver.MODEL_PATH_VARIABLE) != null,
                "set MAGPIE_MODEL_PATH=../shared/models (.ci/run does)");
        Path frames = OwlScene.writeFrames(temp.resolve("frames"), 6, 14, 10);
        Path config = temp.resolve("magpie.yaml");
        Files.writeString(config, """
                cameras:
                  - name: cam
                    source:
                      replay: %s
                      loop: false
                      fps: 4
                    width: %d
                    height: %d
                    fps: 4
                motion:
                  enabled: false
                zones:
                  - name: feeder
                    rect: [0, 0, %d, %d]
                    detect:
                      classes: [bird]
                      species: inat
                  - name: ground
                    rect: [0, 0, 100, 100]
                retraining:
                  enabled: false
                inbox:
                  enabled: false
                """.formatted(frames, OwlScene.WIDTH, OwlScene.HEIGHT, OwlScene.WIDTH, OwlScene.HEIGHT));
        try (WebFixture web = new WebFixture(Files.createDirectories(temp.resolve("data")), WebConfig.defaults(), Optional.of(config))) {
            assertThat(web.send(web.request("/api/v1/species").GET()).statusCode()).as("needs credentials").isEqualTo(401);
            JsonNode zones = web.parse(web.get("/api/v1/species")).get("zones");
            assertThat(zones).as("only the zone that names visits").hasSize(1);
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (zones.get(0).get("visits").asInt() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                zones = web.parse(web.get("/api/v1/species")).get("zones");
            }
            JsonNode feeder = zones.get(0);
            assertThat(feeder.get("zone").asText()).isEqualTo("feeder");
            assertThat(feeder.get("camera").asText()).isEqualTo("cam");
            assertThat(feeder.get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(feeder.get("visits").asInt()).isEqualTo(1);
            assertThat(feeder.get("species")).hasSize(1);
            assertThat(feeder.get("species").get(0).get("name").asText()).isEqualTo(OwlScene.SPECIES);
            assertThat(feeder.get("species").get(0).get("visits").asInt()).isEqualTo(1);
        }
    }
}
