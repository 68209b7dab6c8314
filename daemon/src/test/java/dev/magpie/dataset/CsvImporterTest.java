package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.testing.SharedFiles;
import com.sun.net.httpserver.HttpServer;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.magpie.dataset.ImportReport.Outcome.ADDED;
import static dev.magpie.dataset.ImportReport.Outcome.NOT_STORED;
import static dev.magpie.dataset.ImportReport.Outcome.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

class CsvImporterTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path allowed;
    @TempDir
    Path outside;

    private DatasetStore store;
    private StoreSnapshot before;
    private HttpServer server;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT));
        before = StoreSnapshot.of(store);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        store.close();
    }

    private ImportReport importCsv(String content, boolean urlsEnabled, HttpImageFetcher fetcher, boolean allOrNothing) throws IOException {
        Path csv = allowed.resolve("index.csv");
        Files.writeString(csv, content);
        CsvImporter importer = new CsvImporter(store, new CsvImportPolicy(List.of(allowed, SharedFiles.datasets()), urlsEnabled),
                fetcher, ImportLimits.DEFAULT);
        return importer.importCsv(csv, allOrNothing);
    }

    private static HttpImageFetcher publicOnlyFetcher() {
        return new HttpImageFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), ImageLimits.DEFAULT.maxBytes());
    }

    @Test
    void automlRowsSetSplitLabelAndInbox() throws IOException {
        List<Path> photos = TestImages.realImages("sign-language-digits-subset", "digit_3", 3);
        Files.write(allowed.resolve("local.png"), TestImages.generated(1, "png"));
        String csv = "TRAIN," + photos.get(0) + ",digit_3\n"
                + "VALIDATION," + photos.get(1) + ",digit_3\n"
                + "\"" + photos.get(2) + "\",digit_3\n"
                + "UNASSIGNED,local.png,\n";

        ImportReport report = importCsv(csv, false, publicOnlyFetcher(), false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsOnly(ADDED);
        assertThat(store.images(LabelName.of("digit_3"))).extracting(StoredImage::split)
                .containsExactlyInAnyOrder(Split.TRAIN, Split.TEST, Split.UNASSIGNED);
        assertThat(store.inbox()).hasSize(1);
    }

    @Test
    void rowPointingOutsideAllowedRootsIsRefusedAndStoreUnchanged() throws IOException {
        Path secret = Files.write(outside.resolve("secret.jpg"), TestImages.jpeg(2));

        ImportReport report = importCsv("TRAIN," + secret + ",cat\n", false, publicOnlyFetcher(), false);

        assertThat(report.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("line 1: " + secret);
            assertThat(e.outcome()).isEqualTo(REFUSED);
            assertThat(e.reason()).startsWith("outside the allowed import folders");
        });
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void relativeEscapeAndSymlinkOutOfAllowedRootAreRefused() throws IOException {
        Files.write(outside.resolve("secret.jpg"), TestImages.jpeg(3));
        Files.createSymbolicLink(allowed.resolve("link.jpg"), outside.resolve("secret.jpg"));
        String escape = allowed.relativize(outside.resolve("secret.jpg")).toString();

        ImportReport report = importCsv("link.jpg,cat\n" + escape + ",cat\n", false, publicOnlyFetcher(), false);

        assertThat(report.entries()).extracting(ImportReport.Entry::reason)
                .allSatisfy(r -> assertThat(r).startsWith("outside the allowed import folders"));
        assertThat(report.entries()).hasSize(2);
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void urlsAreRefusedWhenDisabled() throws IOException {
        ImportReport report = importCsv("http://127.0.0.1:9/a.jpg,cat\nhttp://169.254.169.254/latest/meta-data/,cat\n",
                false, publicOnlyFetcher(), false);

        assertThat(report.entries()).hasSize(2).extracting(ImportReport.Entry::reason)
                .allSatisfy(r -> assertThat(r).startsWith("URLs are disabled for CSV imports"));
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void loopbackAndLinkLocalUrlsAreRefusedWhenEnabled() throws IOException {
        ImportReport report = importCsv("http://127.0.0.1:9/a.jpg,cat\nhttp://169.254.169.254/latest/meta-data/,cat\n"
                + "http://[::1]:9/a.jpg,cat\nhttp://10.0.0.1/a.jpg,cat\n", true, publicOnlyFetcher(), false);

        assertThat(report.entries()).extracting(ImportReport.Entry::reason).containsExactly(
                "host 127.0.0.1 resolves to 127.0.0.1, which is loopback (this board itself); dataset URLs may only reach public addresses",
                "host 169.254.169.254 resolves to 169.254.169.254, which is link-local (cloud metadata services and"
                        + " auto-configured LAN devices live there); dataset URLs may only reach public addresses",
                "host [::1] resolves to 0:0:0:0:0:0:0:1, which is loopback (this board itself); dataset URLs may only reach public addresses",
                "host 10.0.0.1 resolves to 10.0.0.1, which is private (a local network); dataset URLs may only reach public addresses");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void urlImagesAreFetchedWithSizeCapAndRedirectsChecked() throws IOException {
        byte[] image = TestImages.jpeg(4);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/a.jpg", exchange -> respond(exchange, 200, image));
        server.createContext("/big.jpg", exchange -> respond(exchange, 200, new byte[5000]));
        server.createContext("/missing.jpg", exchange -> respond(exchange, 404, new byte[0]));
        server.createContext("/metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            respond(exchange, 302, new byte[0]);
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpImageFetcher loopbackForTest = new HttpImageFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 4000, true);

        ImportReport report = importCsv("TRAIN," + base + "/a.jpg,cat\n" + base + "/big.jpg,cat\n"
                + base + "/missing.jpg,cat\n" + base + "/metadata,cat\n", true, loopbackForTest, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsExactly(ADDED, REFUSED, REFUSED, REFUSED);
        assertThat(report.entries().get(1).reason()).startsWith("TOO_LARGE");
        assertThat(report.entries().get(2).reason()).startsWith("HTTP 404");
        assertThat(report.entries().get(3).reason()).contains("169.254.169.254").contains("link-local");
        StoredImage stored = store.images(LabelName.of("cat")).get(0);
        assertThat(stored.split()).isEqualTo(Split.TRAIN);
        assertThat(stored.source()).isEqualTo(base + "/a.jpg");
        assertThat(store.readBytes(stored)).isEqualTo(image);
    }

    @Test
    void invalidLabelAndMultiLabelRowsAreRefusedWithReason() throws IOException {
        Files.write(allowed.resolve("a.jpg"), TestImages.jpeg(5));

        ImportReport report = importCsv("a.jpg,a b\na.jpg,cat,dog\n", false, publicOnlyFetcher(), false);

        assertThat(report.entries()).extracting(ImportReport.Entry::reason).containsExactly(
                "invalid label name 'a b': " + LabelName.RULE,
                "more than one label (or bounding boxes); Magpie classifies one label per image, so rows are [set,]path_or_url[,label]");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void allOrNothingCsvWithOneBadRowStoresNothing() throws IOException {
        Files.write(allowed.resolve("a.jpg"), TestImages.jpeg(6));

        ImportReport report = importCsv("a.jpg,cat\nmissing.jpg,cat\n", false, publicOnlyFetcher(), true);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsExactly(NOT_STORED, REFUSED);
        assertThat(report.entries().get(1).reason()).startsWith("file not found");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
