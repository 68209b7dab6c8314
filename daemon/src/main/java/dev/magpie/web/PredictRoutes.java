package dev.magpie.web;

import dev.magpie.dataset.InboxMeta;
import dev.magpie.learn.Prediction;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.pipeline.Zone;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageRejectedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/predict}: image bytes or a multipart file in, {@code {model, predictions, unknown, ms}} out.
 * {@code ?zone=} uses that zone's model; unless {@code ?store=false} the image is kept in the inbox (as Custom Vision
 * keeps prediction images) so it can be labelled later.
 */
final class PredictRoutes implements RouteGroup {

    private final WebServices services;
    private final WebMetrics metrics;
    private final PredictGate gate;

    PredictRoutes(WebServices services, WebMetrics metrics) {
        this(services, metrics, PredictGate.forThisMachine());
    }

    /** With the gate shared with {@link DetectRoutes}, so predictions and detections are admitted together. */
    PredictRoutes(WebServices services, WebMetrics metrics, PredictGate gate) {
        this.services = services;
        this.metrics = metrics;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/predict", this::predict);
    }

    /** One prediction of {@code bytes}: what both this route and the Custom Vision route answer. */
    Result predict(byte[] bytes, Optional<String> zone, boolean store) throws IOException, ImageRejectedException {
        try {
            return gate.run(() -> predictNow(bytes, zone, store));
        } catch (IOException | ImageRejectedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Result predictNow(byte[] bytes, Optional<String> zone, boolean store) throws IOException, ImageRejectedException {
        String model = zone.map(this::zoneModel).orElse(LoadedModels.CURRENT);
        long start = System.nanoTime();
        Optional<Prediction> prediction;
        try (DecodedImage image = services.decoder().decode(bytes)) {
            prediction = services.daemon().models().with(model, classifier -> classifier.classify(image.bgr()));
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (prediction.isEmpty()) {
            throw WebException.conflict("no_model", "no model is trained yet; label images and train one first");
        }
        metrics.predicted(ms);
        if (store) {
            List<InboxMeta.Score> scores = new ArrayList<>();
            for (Prediction.LabelScore score : prediction.get().scores()) {
                scores.add(new InboxMeta.Score(score.label(), score.probability()));
            }
            services.store().addToInbox(bytes, "api:predict", new InboxMeta(zone.orElse("api"), services.clock().instant(),
                    prediction.get().model(), scores, "API prediction"));
        }
        return new Result(prediction.get(), ms);
    }

    record Result(Prediction prediction, double ms) {
    }

    private void predict(Context ctx) throws IOException, ImageRejectedException {
        byte[] bytes = imageBytes(ctx);
        boolean store = !"false".equalsIgnoreCase(ctx.queryParam("store"));
        Result result = predict(bytes, Optional.ofNullable(ctx.queryParam("zone")), store);
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (Prediction.LabelScore score : result.prediction().scores()) {
            predictions.add(Map.of("label", score.label(), "probability", score.probability()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", result.prediction().model());
        body.put("predictions", predictions);
        body.put("label", result.prediction().label().orElse(null));
        body.put("unknown", result.prediction().unknown());
        body.put("ms", StatusRoutes.round(result.ms()));
        ctx.json(body);
    }

    /** The image of a request: the first multipart file, else the raw body. */
    static byte[] imageBytes(Context ctx) throws IOException {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            List<UploadedFile> files = ctx.uploadedFiles();
            if (files.isEmpty()) {
                throw WebException.badRequest("no_files", "the multipart body has no file");
            }
            try (InputStream in = files.get(0).content()) {
                return in.readAllBytes();
            }
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw WebException.badRequest("empty_body", "send the image as the body or as a multipart file");
        }
        return body;
    }

    private String zoneModel(String name) {
        for (CameraPipeline pipeline : services.daemon().pipelines()) {
            for (Zone zone : pipeline.zones()) {
                if (zone.name().equals(name)) {
                    return zone.model();
                }
            }
        }
        throw WebException.notFound("unknown_zone", "no zone " + LabelRoutes.quote(name));
    }
}
