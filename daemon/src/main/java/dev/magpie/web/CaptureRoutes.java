package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.pipeline.DaemonCommands;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/capture {zone|null, label, burst?}}: store the current frame (or zone crop) under a label. */
final class CaptureRoutes implements RouteGroup {

    private static final long BURST_GAP_MILLIS = 250;

    private final WebServices services;

    CaptureRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/capture", this::capture);
    }

    private void capture(Context ctx) throws InterruptedException {
        ObjectNode body = Json.body(ctx);
        String zone = Json.optionalText(body, "zone").orElse(null);
        String label = LabelName.of(Json.requiredText(body, "label")).value();
        JsonNode burstNode = body.get("burst");
        int burst = burstNode == null || burstNode.isNull() ? 1 : burstNode.isInt() ? burstNode.asInt() : -1;
        if (burst < 1 || burst > 20) {
            throw WebException.badRequest("invalid_field", "\"burst\" must be a whole number from 1 to 20");
        }
        List<Object> stored = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            DaemonCommands.CommandResult result = services.runner().commands().capture(zone, label);
            if (!result.ok()) {
                if (stored.isEmpty()) {
                    throw switch (result.error()) {
                        case "no_frame", "not_stored" -> WebException.conflict(result.error(), result.message());
                        default -> result.message().startsWith("no zone")
                                ? WebException.notFound("unknown_zone", result.message())
                                : WebException.badRequest(result.error(), result.message());
                    };
                }
                break;
            }
            stored.add(result.data().get("sha256"));
            if (i + 1 < burst) {
                Thread.sleep(BURST_GAP_MILLIS);
            }
        }
        ctx.status(201).json(Map.of("label", label, "stored", stored));
    }
}
