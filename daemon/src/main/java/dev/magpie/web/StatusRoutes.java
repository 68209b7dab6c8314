package dev.magpie.web;

import dev.magpie.app.Daemon;
import dev.magpie.devices.board.BoardDetector;
import dev.magpie.devices.camera.SourceHealth;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.PipelineStats;
import dev.magpie.pipeline.Zone;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/status}: what the UI's status strip shows. */
final class StatusRoutes implements RouteGroup {

    private final WebServices services;
    private final Background background;
    private final BoardDetector board = BoardDetector.forThisMachine();

    StatusRoutes(WebServices services, Background background) {
        this.services = services;
        this.background = background;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/status", this::status);
    }

    private void status(Context ctx) {
        Daemon daemon = services.daemon();
        List<Map<String, Object>> cameras = new ArrayList<>();
        List<SourceHealth> health = daemon.cameraHealth();
        List<CameraPipeline> pipelines = daemon.pipelines();
        List<Map<String, Object>> zones = new ArrayList<>();
        for (int i = 0; i < pipelines.size(); i++) {
            PipelineStats stats = pipelines.get(i).stats();
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("name", stats.camera());
            camera.put("fps", round(background.fps(stats.camera())));
            camera.put("frames", stats.frames());
            camera.put("skipped_still", stats.skippedStill());
            camera.put("classified", stats.classified());
            camera.put("inference_ms", round(stats.lastInferenceMillis()));
            camera.put("events", stats.events());
            camera.put("inbox_kept", stats.inboxKept());
            camera.put("health", i < health.size() ? health.get(i) : null);
            cameras.add(camera);
            for (Zone zone : pipelines.get(i).zones()) {
                zones.add(Map.of("name", zone.name(), "camera", zone.camera(), "model", zone.model()));
            }
        }
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heap_used_mb", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
        memory.put("heap_max_mb", runtime.maxMemory() / (1024 * 1024));
        memory.put("rss_mb", Memory.residentMegabytes().orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_version", daemon.models().currentVersion().orElse(null));
        body.put("cameras", cameras);
        body.put("zones", zones);
        body.put("cpu_temperature_c", board.cpuTemperatureCelsius().map(StatusRoutes::round).orElse(null));
        body.put("memory", memory);
        body.put("mqtt_connected", services.runner().mqttConnected().orElse(null));
        body.put("inbox_size", services.store().inbox().size());
        body.put("training", false);
        ctx.json(body);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
