package dev.magpie.web;

import dev.magpie.config.CameraConfig;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.MqttConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings page: the running configuration's MQTT, camera and retraining sections (never a password) with the MQTT
 * connection state, and API tokens (list, create, revoke; a new token is shown once, stored hashed). The broker check
 * is {@link MqttTestRoutes}.
 */
final class SettingsRoutes implements RouteGroup {

    private final WebServices services;
    private final TokenStore tokens;

    SettingsRoutes(WebServices services, TokenStore tokens) {
        this.services = services;
        this.tokens = tokens;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/settings", this::settings);
        routes.get("/api/v1/tokens", this::listTokens);
        routes.post("/api/v1/tokens", this::createToken);
        routes.delete("/api/v1/tokens/{name}", this::revokeToken);
    }

    private void settings(Context ctx) {
        MagpieConfig config = services.runner().config();
        MqttConfig mqtt = config.mqtt();
        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("enabled", mqtt.enabled());
        broker.put("broker", mqtt.broker());
        broker.put("username", mqtt.username());
        broker.put("topic_prefix", mqtt.topicPrefix());
        broker.put("discovery", mqtt.discovery());
        broker.put("connected", services.runner().mqttConnected().orElse(null));
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (CameraConfig camera : config.cameras()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", camera.name());
            out.put("source", camera.source().kind().name().toLowerCase(Locale.ROOT));
            out.put("width", camera.width());
            out.put("height", camera.height());
            out.put("fps", camera.fps());
            cameras.add(out);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mqtt", broker);
        body.put("cameras", cameras);
        body.put("retraining", config.retraining());
        body.put("config_file", services.configFile().map(Object::toString).orElse(null));
        ctx.json(body);
    }

    private void listTokens(Context ctx) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TokenStore.Token token : tokens.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", token.name());
            row.put("created", token.created().toString());
            row.put("last_used", token.lastUsed() == null ? null : token.lastUsed().toString());
            out.add(row);
        }
        ctx.json(Map.of("tokens", out));
    }

    private void createToken(Context ctx) throws IOException {
        String name = Json.requiredText(Json.body(ctx), "name");
        ctx.status(201).json(Map.of("name", name, "token", tokens.create(name)));
    }

    private void revokeToken(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        if (!TokenStore.NAME.matcher(name).matches() || !tokens.revoke(name)) {
            throw WebException.notFound("unknown_token", "no token " + LabelRoutes.quote(name));
        }
        ctx.json(Map.of("revoked", name));
    }
}
