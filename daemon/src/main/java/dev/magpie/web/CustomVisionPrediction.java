package dev.magpie.web;

import dev.magpie.learn.Prediction;
import dev.magpie.vision.Detection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Magpie prediction in the Custom Vision {@code ImagePrediction} shape:
 * {@code {id, project, iteration, created, predictions: [{probability, tagId, tagName}]}}, most likely first.
 * Magpie has labels and model versions where Custom Vision has tags and iterations, so each gets a stable name-based
 * UUID: the same label is the same {@code tagId} in every version and on every device, and the same version is the
 * same {@code iteration}.
 */
final class CustomVisionPrediction {

    private CustomVisionPrediction() {
    }

    static UUID tagId(String label) {
        return UUID.nameUUIDFromBytes(("magpie-label:" + label).getBytes(StandardCharsets.UTF_8));
    }

    static UUID iterationId(String modelVersion) {
        return UUID.nameUUIDFromBytes(("magpie-model:" + modelVersion).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> json(UUID project, Prediction prediction, Instant created) {
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (Prediction.LabelScore score : prediction.scores()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("probability", score.probability());
            one.put("tagId", tagId(score.label()).toString());
            one.put("tagName", score.label());
            predictions.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("project", project.toString());
        body.put("iteration", iterationId(prediction.model()).toString());
        body.put("created", created.truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("predictions", predictions);
        return body;
    }

    /**
     * Detections in the Custom Vision object detection shape: each prediction also has
     * {@code boundingBox{left, top, width, height}}, fractions of the image; most likely first.
     */
    static Map<String, Object> detectionJson(UUID project, DetectRoutes.Result result, Instant created) {
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (Detection detection : result.detections()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("probability", detection.score());
            one.put("tagId", tagId(detection.className()).toString());
            one.put("tagName", detection.className());
            one.put("boundingBox", DetectRoutes.box(detection, result));
            predictions.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("project", project.toString());
        body.put("iteration", iterationId(result.model()).toString());
        body.put("created", created.truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("predictions", predictions);
        return body;
    }
}
