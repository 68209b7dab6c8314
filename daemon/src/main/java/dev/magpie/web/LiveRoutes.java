package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.Zone;
import dev.magpie.rules.LabelRule;
import dev.magpie.rules.ZoneState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencv.core.Rect;

/**
 * What the live view and the zones page draw: each camera's newest frame as JPEG, each zone's rectangle, debounced
 * state and rules, and a label's threshold changed at runtime (the evaluate page's "save to zone rules").
 */
final class LiveRoutes implements RouteGroup {

    private final WebServices services;

    LiveRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/cameras/{camera}/frame.jpg", this::frame);
        routes.get("/api/v1/live/zones", this::zones);
        routes.put("/api/v1/zones/{zone}/thresholds", this::threshold);
    }

    private void frame(Context ctx) {
        String name = ctx.pathParam("camera");
        for (CameraPipeline pipeline : services.daemon().pipelines()) {
            if (pipeline.camera().equals(name)) {
                byte[] jpeg = pipeline.lastFrameJpeg().orElseThrow(() ->
                        WebException.conflict("no_frame", "camera " + LabelRoutes.quote(name) + " has not delivered a frame yet"));
                ctx.contentType("image/jpeg");
                ctx.header("Cache-Control", "no-store");
                ctx.result(jpeg);
                return;
            }
        }
        throw WebException.notFound("unknown_camera", "no camera " + LabelRoutes.quote(name));
    }

    private void zones(Context ctx) {
        List<Map<String, Object>> zones = new ArrayList<>();
        for (CameraPipeline pipeline : services.daemon().pipelines()) {
            for (Zone zone : pipeline.zones()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", zone.name());
                out.put("camera", zone.camera());
                Rect r = zone.region().bounds();
                out.put("rect", List.of(r.x, r.y, r.width, r.height));
                out.put("model", zone.model());
                Optional<ZoneState> state = zone.machine().state();
                out.put("label", state.map(ZoneState::label).orElse(null));
                out.put("confidence", state.map(ZoneState::confidence).orElse(null));
                out.put("since", state.map(s -> s.since().toString()).orElse(null));
                Map<String, Object> rules = new LinkedHashMap<>();
                for (LabelRule rule : zone.machine().rules().values()) {
                    Map<String, Object> described = new LinkedHashMap<>();
                    described.put("label", rule.label());
                    described.put("alert", rule.alert());
                    described.put("threshold", rule.threshold());
                    described.put("min_frames", rule.start() == null ? null : rule.start().minFrames());
                    described.put("cooldown_s", rule.cooldown() == null ? null : rule.cooldown().toSeconds());
                    rules.put(rule.label(), described);
                }
                out.put("rules", rules);
                zones.add(out);
            }
        }
        ctx.json(Map.of("zones", zones));
    }

    private void threshold(Context ctx) {
        ObjectNode body = Json.body(ctx);
        String label = Json.requiredText(body, "label");
        JsonNode value = body.get("threshold");
        if (value == null || !value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
            throw WebException.badRequest("invalid_field", "\"threshold\" must be a number above 0 and at most 1");
        }
        DaemonCommands.CommandResult result = services.runner().commands().setThreshold(ctx.pathParam("zone"), label, value.asDouble());
        if (!result.ok()) {
            throw result.message().startsWith("no zone")
                    ? WebException.notFound("unknown_zone", result.message())
                    : WebException.badRequest(result.error(), result.message());
        }
        ctx.json(Map.of("zone", ctx.pathParam("zone"), "label", label, "threshold", value.asDouble()));
    }
}
