package dev.magpie.web;

import dev.magpie.detect.DailySpeciesList;
import dev.magpie.pipeline.CameraPipeline;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/species}: today's species and visit counts of every zone that names visits ({@code detect:}
 * with a species model), most visits first; the same list the daemon keeps retained on MQTT.
 */
final class SpeciesRoutes implements RouteGroup {

    private final WebServices services;

    SpeciesRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/species", this::today);
    }

    private void today(Context ctx) {
        List<Map<String, Object>> zones = new ArrayList<>();
        for (CameraPipeline pipeline : services.daemon().pipelines()) {
            for (Map.Entry<String, DailySpeciesList.Day> zone : pipeline.speciesToday().entrySet()) {
                zones.add(describe(pipeline.camera(), zone.getKey(), zone.getValue()));
            }
        }
        ctx.json(Map.of("zones", zones));
    }

    static Map<String, Object> describe(String camera, String zone, DailySpeciesList.Day day) {
        List<Map.Entry<String, Integer>> counts = new ArrayList<>(day.visits().entrySet());
        counts.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> species = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Integer> count : counts) {
            species.add(Map.of("name", count.getKey(), "visits", count.getValue()));
            total += count.getValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("camera", camera);
        out.put("zone", zone);
        out.put("date", day.date().toString());
        out.put("visits", total);
        out.put("species", species);
        return out;
    }
}
