package dev.magpie.web;

import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.WebConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.OnnxBackbone;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real server on a free loopback port over a real dataset, registry, backbone and daemon (no cameras) in a temp
 * folder, with an API token and helpers for raw HTTP through java.net.http.
 */
final class WebFixture implements AutoCloseable {

    private static OnnxBackbone backbone;

    static synchronized OnnxBackbone backbone() throws IOException {
        if (backbone == null) {
            backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
        }
        return backbone;
    }

    final Path dataDir;
    final DatasetStore store;
    final ModelRegistry registry;
    final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    final DaemonRunner runner;
    final WebServer server;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final WebMetrics metrics = new WebMetrics();

    WebFixture(Path dataDir) throws Exception {
        this(dataDir, WebConfig.defaults(), Optional.empty());
    }

    WebFixture(Path dataDir, WebConfig web, Optional<Path> configFile) throws Exception {
        this(dataDir, web, configFile, Map.of(ModelResolver.MODEL_PATH_VARIABLE, SharedFiles.models().toString()));
    }

    /** With the environment the server sees ({@code MAGPIE_MODEL_PATH} finds the object detector's model). */
    WebFixture(Path dataDir, WebConfig web, Optional<Path> configFile, Map<String, String> environment) throws Exception {
        this.dataDir = dataDir;
        this.store = DatasetStore.open(dataDir, decoder);
        this.registry = new ModelRegistry(dataDir, backbone().dimension(), new ObjectMapper());
        TrainingOptions options = TrainingOptions.defaults(7).withAugmentedViews(1);
        Daemon.Core core = new Daemon.Core(dataDir, store, decoder, backbone(), registry, options);
        MagpieConfig config = configFile.isPresent() ? new dev.magpie.config.ConfigLoader().load(configFile.get())
                : MagpieConfig.defaults();
        this.runner = DaemonRunner.start(config, configFile, core, Map.of(), Clock.systemUTC(), List.of(metrics), "test");
        WebServices services = new WebServices(dataDir, store, decoder, backbone(), registry,
                () -> new TrainingRun(store, decoder, backbone, registry, options, Clock.systemUTC()), runner, configFile,
                environment, Clock.systemUTC(), metrics);
        this.server = WebServer.start(web.withPort(0).withBind("127.0.0.1"), services, new PasswordHasher(1_000));
        this.token = new TokenStore(dataDir, Clock.systemUTC()).create("tests");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    }

    HttpRequest.Builder authed(String path) {
        return request(path).header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(authed(path).GET());
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return send(authed(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> putJson(String path, String body) throws IOException, InterruptedException {
        return send(authed(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(authed(path).DELETE());
    }

    /** The response's JSON body, after checking its status (the body is the failure message). */
    JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return parse(response);
    }

    JsonNode parse(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
        runner.close();
        store.close();
    }
}
