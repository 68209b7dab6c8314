package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetStoreMigrationTest {

    private static final String STOCKED = "ea6b339d03a8efeff842cb4fdbc2a3c5dda0c351b1393f17c377f770feff609b";
    private static final String INBOX = "6e1750f3ca67e0760431374702709ab45bb4768f55b8f5043246b358ac95d71c";

    @TempDir
    Path dataDir;

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    /** Copies the data directory the schema-1 store wrote (see the fixture's README) to a scratch folder. */
    private void copyV1Fixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("v1-datadir/magpie.db").toURI()).getParent();
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path source : walk.toList()) {
                if (source.getFileName().toString().equals("README.md")) {
                    continue;
                }
                Path target = dataDir.resolve(fixture.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private int userVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("magpie.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Test
    void aVersion1DatabaseUpgradesInPlaceAndKeepsEverything() throws Exception {
        copyV1Fixture();
        assertThat(userVersion()).isEqualTo(1);

        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            assertThat(store.sweepReport()).isEqualTo(new SweepReport(0, 0, 0, 0, 0));
            assertThat(store.images(LabelName.of("stocked"))).extracting(StoredImage::sha256).containsExactly(STOCKED);
            assertThat(store.inbox()).extracting(StoredImage::sha256).containsExactly(INBOX);
            assertThat(store.cachedEmbedding(INBOX, "fixture-embedder", 0)).hasValueSatisfying(
                    v -> assertThat(v).containsExactly(1f, 0f));
            assertThat(store.inboxItems(InboxOrder.OLDEST)).singleElement()
                    .satisfies(item -> assertThat(item.meta()).isEmpty());

            AddResult collected = store.addToInbox(TestImages.jpeg(5), "cam", new InboxMeta("shelf3",
                    Instant.parse("2024-05-01T08:00:00Z"), "v7", List.of(new InboxMeta.Score("empty", 0.5)), "RANDOM_SAMPLE"));
            assertThat(collected.stored()).isTrue();
            assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(1);
        }
        assertThat(userVersion()).isEqualTo(DatasetIndex.SCHEMA_VERSION).isEqualTo(2);
    }

    @Test
    void reopeningAnUpgradedDatabaseChangesNothing() throws Exception {
        copyV1Fixture();
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            store.addToInbox(TestImages.jpeg(5), "cam", new InboxMeta("shelf3", Instant.EPOCH, "v7", List.of(), "x"));
        }

        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(1);
            assertThat(store.images()).hasSize(3);
        }
    }
}
