package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.FetchRefusedException;
import dev.magpie.dataset.HttpImageFetcher;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.learn.Prediction;
import dev.magpie.learn.UnknownModelVersionException;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageRejectedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure Custom Vision compatible prediction, so Microsoft's prediction SDKs and the tutorials' REST samples work
 * against the device by changing only the endpoint and the key:
 * {@code POST /customvision/{v3.0|v3.1}/Prediction/{projectId}/classify/iterations/{publishedName}/image} (and
 * {@code /image/nostore}, {@code /url}, {@code /url/nostore} with {@code {"Url": ...}}). Paths match in any letter
 * case (the SDKs send {@code /prediction/} in lower case); the key is an API token sent as {@code Prediction-Key}
 * (checked by {@link Guard}); errors come back as {@code {"code", "message"}} ({@link CustomVisionErrors}).
 *
 * <p>{@code projectId} must be a GUID and is echoed back (a device has one project). {@code publishedName} names a
 * model version ({@code v0003}); any other name ({@code current}, or what the Azure portal published) means the
 * current model. The storing variants put the image in the inbox with the model's scores, as Custom Vision keeps
 * predicted images for tagging; {@code /nostore} does not.
 *
 * <p>Object detection, {@code .../detect/iterations/{publishedName}/image} (and the same three variants), answers
 * with the device's COCO detector ({@link DetectRoutes}): each box is a prediction with its class as the tag and a
 * {@code boundingBox{left, top, width, height}} relative to the image. {@code publishedName} is not used there (the
 * detector is not trained on the device); {@code iteration} names the detector model.
 */
final class CustomVisionRoutes implements RouteGroup {

    /** Downloads the image of a {@code /url} request; production refuses every non-public address. */
    @FunctionalInterface
    interface UrlImages {
        byte[] fetch(URI uri) throws FetchRefusedException;

        static UrlImages publicOnly() {
            HttpImageFetcher fetcher = new HttpImageFetcher(Duration.ofSeconds(5), Duration.ofSeconds(20),
                    CustomVisionImage.MAX_BYTES);
            return fetcher::fetch;
        }
    }

    static final List<String> API_VERSIONS = List.of("v3.0", "v3.1");
    private static final String SOURCE = "customvision";
    private static final Logger log = LoggerFactory.getLogger(CustomVisionRoutes.class);

    private final WebServices services;
    private final UrlImages urls;
    private final DetectRoutes detector;

    CustomVisionRoutes(WebServices services, UrlImages urls, DetectRoutes detector) {
        this.services = services;
        this.urls = urls;
        this.detector = detector;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String version : API_VERSIONS) {
            String base = "/customvision/" + version + "/prediction/{projectId}/";
            String classify = base + "classify/iterations/{publishedName}/";
            routes.post(classify + "image", ctx -> classify(ctx, CustomVisionImage.read(ctx), true));
            routes.post(classify + "image/nostore", ctx -> classify(ctx, CustomVisionImage.read(ctx), false));
            routes.post(classify + "url", ctx -> classify(ctx, fetch(ctx), true));
            routes.post(classify + "url/nostore", ctx -> classify(ctx, fetch(ctx), false));
            String detect = base + "detect/iterations/{publishedName}/";
            routes.post(detect + "image", ctx -> detect(ctx, CustomVisionImage.read(ctx), true));
            routes.post(detect + "image/nostore", ctx -> detect(ctx, CustomVisionImage.read(ctx), false));
            routes.post(detect + "url", ctx -> detect(ctx, fetch(ctx), true));
            routes.post(detect + "url/nostore", ctx -> detect(ctx, fetch(ctx), false));
        }
        routes.error(404, "*", CustomVisionErrors::unmatched);
    }

    private void classify(Context ctx, byte[] bytes, boolean store) throws IOException, ImageRejectedException {
        UUID project = project(ctx.pathParam("projectId"));
        String version = modelVersion(ctx.pathParam("publishedName"));
        Prediction prediction;
        try (DecodedImage image = services.decoder().decode(bytes)) {
            prediction = services.daemon().models().with(version, classifier -> classifier.classify(image.bgr()))
                    .orElseThrow(() -> new WebException(404, "NotFoundIteration", "no model is trained yet;"
                            + " label some images and train one (magpie train, or Train in the web UI)"));
        }
        if (store) {
            keep(bytes, prediction);
        }
        ctx.json(CustomVisionPrediction.json(project, prediction, services.clock().instant()));
    }

    private void detect(Context ctx, byte[] bytes, boolean store) throws IOException, ImageRejectedException {
        UUID project = project(ctx.pathParam("projectId"));
        DetectRoutes.Result result = detector.detect(bytes, Set.of(), DetectRoutes.FLOOR_SCORE);
        if (store) {
            detector.keep(bytes, result, SOURCE, SOURCE, "CUSTOM_VISION: sent to the detect route");
        }
        ctx.json(CustomVisionPrediction.detectionJson(project, result, services.clock().instant()));
    }

    private byte[] fetch(Context ctx) {
        JsonNode url = null;
        ObjectNode body = Json.body(ctx);
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase("url")) {
                url = field.getValue();
            }
        }
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new WebException(400, "BadRequestImageUrl", "the body must be {\"Url\": \"https://...\"}");
        }
        URI uri;
        try {
            uri = new URI(url.asText().trim());
        } catch (URISyntaxException e) {
            throw new WebException(400, "BadRequestImageUrl", "the Url is not a valid address: " + e.getReason());
        }
        try {
            return urls.fetch(uri);
        } catch (FetchRefusedException e) {
            if (e.getMessage().startsWith("TOO_LARGE")) {
                throw CustomVisionErrors.imageSize();
            }
            throw new WebException(400, "BadRequestImageUrl", "the image at the Url was not fetched: " + e.getMessage());
        }
    }

    private static UUID project(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new WebException(404, "NotFoundProject", "the project id must be a GUID (any GUID: a device has one project)");
        }
    }

    /** A published name that is a model version picks it; any other name is the current model. */
    private String modelVersion(String publishedName) throws IOException {
        if (publishedName.matches("v\\d{1,6}")) {
            try {
                services.registry().resolve(publishedName);
                return publishedName;
            } catch (UnknownModelVersionException e) {
                return LoadedModels.CURRENT;
            }
        }
        return LoadedModels.CURRENT;
    }

    private void keep(byte[] bytes, Prediction prediction) {
        List<InboxMeta.Score> scores = new ArrayList<>();
        for (Prediction.LabelScore score : prediction.scores()) {
            scores.add(new InboxMeta.Score(score.label(), score.probability()));
        }
        InboxMeta meta = new InboxMeta(SOURCE, services.clock().instant(), prediction.model(), scores,
                "CUSTOM_VISION: sent to the prediction route");
        AddResult result = services.store().addToInbox(bytes, SOURCE, meta);
        if (result.status() == AddResult.Status.REJECTED) {
            log.info("Custom Vision prediction image not kept in the inbox: {}", Optional.ofNullable(result.message()).orElse("?"));
        }
    }
}
