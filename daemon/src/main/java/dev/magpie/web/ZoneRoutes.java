package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.config.ConfigException;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.config.ZonesSection;
import dev.magpie.io.AtomicFiles;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.Zone;
import dev.magpie.rules.LabelRule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zones and their rules. {@code GET /api/v1/zones}: each zone's region, model and rules as configured, with the
 * thresholds in force (a rule without a threshold takes the model's suggestion). {@code PUT /api/v1/zones/{name}}
 * replaces a zone's rules and/or region (or adds the zone): the whole file is checked with {@link ConfigLoader}
 * before anything is written, then the {@code zones:} section is rewritten atomically (other sections keep their
 * comments; see {@link ZonesSection}) and the daemon reloads. A daemon on built-in defaults has no file to write: 409.
 */
final class ZoneRoutes implements RouteGroup {

    private final WebServices services;
    private final Object writeLock = new Object();

    ZoneRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/zones", this::list);
        routes.put("/api/v1/zones/{name}", this::put);
    }

    private void list(Context ctx) throws IOException {
        Optional<MagpieConfig> configured = configured();
        Map<String, Zone> running = runningZones();
        List<Map<String, Object>> zones = new ArrayList<>();
        if (configured.isPresent()) {
            for (ZoneConfig zone : configured.get().zones()) {
                ObjectNode node = ZonesSection.toTree(zone);
                zones.add(describe(node, Optional.ofNullable(running.get(zone.name()))));
            }
        } else {
            for (Zone zone : running.values()) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("name", zone.name());
                node.put("camera", zone.camera());
                var bounds = zone.region().bounds();
                node.putArray("rect").add(bounds.x).add(bounds.y).add(bounds.width).add(bounds.height);
                node.put("model", zone.model());
                node.putArray("rules");
                zones.add(describe(node, Optional.of(zone)));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("editable", services.configFile().isPresent());
        body.put("zones", zones);
        ctx.json(body);
    }

    /** A zone as configured plus, per rule, what the running daemon applies. */
    private static Map<String, Object> describe(ObjectNode configured, Optional<Zone> running) {
        Map<String, Object> zone = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = configured.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("rules")) {
                zone.put(field.getKey(), field.getValue());
            }
        }
        Map<String, LabelRule> effective = running.map(z -> z.machine().rules()).orElse(Map.of());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (JsonNode rule : configured.withArray("rules")) {
            Map<String, Object> out = new LinkedHashMap<>();
            rule.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue()));
            out.putIfAbsent("threshold", null);
            out.putIfAbsent("clear_threshold", null);
            LabelRule applied = effective.get(rule.path("label").asText());
            if (applied != null) {
                Map<String, Object> inForce = new LinkedHashMap<>();
                inForce.put("threshold", applied.threshold());
                inForce.put("clear_threshold", applied.clearThreshold());
                inForce.put("min_frames", applied.start().minFrames());
                inForce.put("min_seconds", applied.start().minDuration().toSeconds());
                inForce.put("end_frames", applied.end().minFrames());
                inForce.put("cooldown_seconds", applied.cooldown().toSeconds());
                out.put("effective", inForce);
            } else {
                out.put("effective", null);
            }
            rules.add(out);
        }
        zone.put("rules", rules);
        zone.put("running", running.isPresent());
        return zone;
    }

    private void put(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        ObjectNode edit = Json.body(ctx);
        Path file = services.configFile().orElseThrow(() -> WebException.conflict("no_config_file",
                "the daemon runs on built-in defaults, so there is no configuration file to save zones to;"
                        + " copy config/magpie.yaml, then start the daemon with: magpie run --config FILE"));
        DaemonCommands.CommandResult reloaded;
        ArrayNode zones;
        synchronized (writeLock) {
            String text = Files.readString(file);
            MagpieConfig current;
            try {
                current = new ConfigLoader().parse(text, file.toString());
            } catch (ConfigException e) {
                throw WebException.conflict("invalid_config", "the configuration file has problems; fix it first. "
                        + String.join("; ", e.problems()));
            }
            zones = ZonesSection.toTree(current.zones());
            int index = -1;
            for (int i = 0; i < zones.size(); i++) {
                if (zones.get(i).path("name").asText().equals(name)) {
                    index = i;
                }
            }
            ObjectNode zone = index >= 0 ? (ObjectNode) zones.get(index) : Json.mapper().createObjectNode();
            if (edit.has("name") && !edit.get("name").asText().equals(name)) {
                throw WebException.badRequest("invalid_field", "\"name\" in the body must match the zone in the path");
            }
            if (edit.has("rect") || edit.has("polygon")) {
                zone.remove("rect");
                zone.remove("polygon");
            }
            zone.setAll(edit);
            zone.put("name", name);
            if (index >= 0) {
                zones.set(index, zone);
            } else {
                zones.add(zone);
            }
            String updated = ZonesSection.replace(text, zones);
            try {
                new ConfigLoader().parse(updated, "the edited zone");
            } catch (ConfigException e) {
                throw WebException.badRequest("invalid_config", String.join("\n", e.problems()));
            }
            AtomicFiles.writeString(file, updated);
            reloaded = services.runner().reload();
        }
        if (!reloaded.ok()) {
            throw new WebException(500, "reload_failed", "the file was saved but the daemon did not restart: "
                    + reloaded.message());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("saved", file.toString());
        body.put("reloaded", true);
        body.put("zone", name);
        ctx.json(body);
    }

    private Optional<MagpieConfig> configured() throws IOException {
        if (services.configFile().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConfigLoader().load(services.configFile().get()));
        } catch (ConfigException e) {
            throw WebException.conflict("invalid_config", "the configuration file has problems: " + String.join("; ", e.problems()));
        }
    }

    private Map<String, Zone> runningZones() {
        Map<String, Zone> zones = new LinkedHashMap<>();
        for (CameraPipeline pipeline : services.daemon().pipelines()) {
            for (Zone zone : pipeline.zones()) {
                zones.put(zone.name(), zone);
            }
        }
        return zones;
    }
}
