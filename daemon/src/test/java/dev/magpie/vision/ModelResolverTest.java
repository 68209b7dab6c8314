package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

    private static final byte[] MODEL = "pretend these are model weights".getBytes();

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] served = MODEL;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.onnx", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, served.length);
            exchange.getResponseBody().write(served);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ModelSpec spec() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.onnx");
        return new ModelSpec("tiny-model", "model.onnx", ModelResolver.sha256(MODEL), url, MODEL.length);
    }

    private ModelResolver resolver(List<Path> searchPath, boolean download) {
        return new ModelResolver(dir.resolve("cache"), searchPath, download, Duration.ofSeconds(5));
    }

    @Test
    void findsModelInSearchPathWithoutDownloading() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared.resolve("tiny-model"));
        Files.write(shared.resolve("tiny-model/model.onnx"), MODEL);

        Path found = resolver(List.of(shared), true).resolve(spec(), Optional.empty());

        assertThat(found).isEqualTo(shared.resolve("tiny-model/model.onnx"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void downloadsOnceIntoTheCacheAndChecksTheDigest() throws Exception {
        ModelResolver resolver = resolver(List.of(), true);

        Path first = resolver.resolve(spec(), Optional.empty());
        Path second = resolver.resolve(spec(), Optional.empty());

        assertThat(first).isEqualTo(dir.resolve("cache/tiny-model/model.onnx")).isEqualTo(second);
        assertThat(Files.readAllBytes(first)).isEqualTo(MODEL);
        assertThat(requests).hasValue(1);
    }

    @Test
    void downloadWithWrongChecksumSavesNothing() {
        served = "tampered weights of the same size!!".substring(0, MODEL.length).getBytes();

        assertThatThrownBy(() -> resolver(List.of(), true).resolve(spec(), Optional.empty()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("sha256 is")
                .hasMessageContaining(spec().sha256());
        assertThat(dir.resolve("cache/tiny-model/model.onnx")).doesNotExist();
    }

    @Test
    void copyWithWrongDigestInSearchPathIsSkipped() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        Files.write(shared.resolve("model.onnx"), "half a download".getBytes());

        Path found = resolver(List.of(shared), true).resolve(spec(), Optional.empty());

        assertThat(found).isEqualTo(dir.resolve("cache/tiny-model/model.onnx"));
    }

    @Test
    void offlineErrorNamesTheFileTheUrlAndTheVariable() {
        ModelSpec spec = spec();
        assertThatThrownBy(() -> resolver(List.of(dir.resolve("nowhere")), false).resolve(spec, Optional.empty()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining(spec.source().toString())
                .hasMessageContaining("MAGPIE_MODEL_PATH")
                .hasMessageContaining(dir.resolve("nowhere").toString());
        assertThat(requests).hasValue(0);
    }

    @Test
    void explicitPathThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> resolver(List.of(), false).resolve(spec(), Optional.of(dir.resolve("mine.onnx"))))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("mine.onnx")
                .hasMessageContaining("does not exist");
    }
}
