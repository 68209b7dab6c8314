package dev.magpie.web;

import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelArtifacts;
import dev.magpie.learn.Prediction;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageRejectedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model versions: list, promote, rollback, delete, export (zip), import (zip body), metrics with curves, and the
 * held-out images behind one confusion-matrix cell (computed on request from cached embeddings).
 */
final class ModelRoutes implements RouteGroup {

    private final WebServices services;

    ModelRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/models", ctx -> ctx.json(Map.of("models", services.registry().list())));
        routes.post("/api/v1/models/rollback", this::rollback);
        routes.post("/api/v1/models/import", this::importZip);
        routes.post("/api/v1/models/{version}/promote", this::promote);
        routes.delete("/api/v1/models/{version}", this::delete);
        routes.get("/api/v1/models/{version}/export", this::export);
        routes.get("/api/v1/models/{version}/metrics", this::metrics);
        routes.get("/api/v1/models/{version}/confusion", this::confusion);
    }

    private String existing(Context ctx) throws IOException {
        String version = Paths.version(ctx.pathParam("version"));
        services.registry().resolve(version); // UnknownModelVersionException -> 404
        return version;
    }

    private void promote(Context ctx) throws IOException {
        String version = existing(ctx);
        services.registry().promote(version);
        services.daemon().models().followRegistry();
        ctx.json(Map.of("current", version));
    }

    private void rollback(Context ctx) throws IOException {
        String version;
        try {
            version = services.registry().rollback();
        } catch (IllegalStateException e) {
            throw WebException.conflict("no_previous", e.getMessage());
        }
        services.daemon().models().followRegistry();
        ctx.json(Map.of("current", version));
    }

    private void delete(Context ctx) throws IOException {
        String version = existing(ctx);
        if (services.registry().current().map(version::equals).orElse(false)) {
            throw WebException.conflict("is_current", version + " is the current model; promote another version first");
        }
        services.registry().delete(version);
        ctx.json(Map.of("deleted", version));
    }

    private void export(Context ctx) throws IOException {
        String version = existing(ctx);
        Path temp = Files.createTempFile(PrivateFiles.folder(services.dataDir()), "export-", ".zip");
        try {
            Files.delete(temp);
            services.registry().exportZip(version, temp);
            byte[] zip = Files.readAllBytes(temp);
            ctx.contentType("application/zip");
            ctx.header("Content-Disposition", "attachment; filename=\"magpie-model-" + version + ".zip\"");
            ctx.result(zip);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void importZip(Context ctx) throws IOException {
        byte[] zip = PredictRoutes.imageBytes(ctx);
        if (!ImageRoutes.isZip(zip)) {
            throw WebException.badRequest("invalid_model_archive", "send a model zip made by export");
        }
        Path temp = Files.createTempFile(PrivateFiles.folder(services.dataDir()), "import-", ".zip");
        try {
            Files.write(temp, zip);
            String version = services.registry().importZip(temp);
            services.daemon().models().followRegistry();
            ctx.status(201).json(Map.of("version", version));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void metrics(Context ctx) throws IOException {
        String version = existing(ctx);
        ModelArtifacts artifacts = services.registry().read(version);
        ctx.json(Map.of("version", version, "labels", artifacts.labels(), "metrics", artifacts.metrics(),
                "training", artifacts.training()));
    }

    /** Held-out images of true label {@code true} that the version's top answer calls {@code predicted}. */
    private void confusion(Context ctx) throws IOException {
        String version = existing(ctx);
        LabelName truth = LabelRoutes.parse(ctx.queryParam("true"));
        String predicted = Optional.ofNullable(ctx.queryParam("predicted"))
                .orElseThrow(() -> WebException.badRequest("missing_parameter", "give ?true=LABEL&predicted=LABEL"));
        ModelArtifacts artifacts = services.registry().read(version);
        if (!artifacts.labels().contains(truth.value()) || !artifacts.labels().contains(predicted)) {
            throw WebException.notFound("unknown_label", "both labels must be labels of " + version + ": " + artifacts.labels());
        }
        List<Map<String, Object>> images = new ArrayList<>();
        if (services.store().labels().contains(truth)) {
            try (Classifier classifier = Classifier.load(services.registry(), version, services.embedder())) {
                for (StoredImage image : services.store().images(truth)) {
                    if (image.split() != Split.TEST) {
                        continue;
                    }
                    Prediction prediction = classifier.decide(embedding(image));
                    if (prediction.top().label().equals(predicted)) {
                        Map<String, Object> out = ImageRoutes.describe(image);
                        out.put("probability", prediction.top().probability());
                        images.add(out);
                    }
                }
            }
        }
        ctx.json(Map.of("version", version, "true", truth.value(), "predicted", predicted, "images", images));
    }

    private float[] embedding(StoredImage image) {
        Optional<float[]> cached = services.store().cachedEmbedding(image.sha256(), services.embedder().id(), 0);
        if (cached.isPresent()) {
            return cached.get();
        }
        try (DecodedImage decoded = services.decoder().decode(services.store().readBytes(image))) {
            return services.embedder().embed(decoded.bgr());
        } catch (ImageRejectedException e) {
            throw new WebException(500, "damaged_image", "stored image " + image.sha256() + " no longer decodes: " + e.getMessage());
        }
    }
}
