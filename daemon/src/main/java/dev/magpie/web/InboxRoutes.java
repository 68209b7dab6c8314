package dev.magpie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.dataset.InboxItem;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.dataset.InboxOrder;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The inbox of unsure frames: most uncertain first with their scores; label one or many ({@code label: null}
 * discards them). Every id is checked to be an inbox item before anything changes, so a batch is all or nothing.
 */
final class InboxRoutes implements RouteGroup {

    private final WebServices services;

    InboxRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/inbox", this::list);
        routes.post("/api/v1/inbox/label", this::label);
        routes.delete("/api/v1/inbox/{id}", this::discard);
    }

    private void list(Context ctx) {
        InboxOrder order = parseOrder(ctx.queryParam("order"));
        List<InboxItem> items = services.store().inboxItems(order);
        int offset = Paths.intParam(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Paths.intParam(ctx.queryParam("limit"), "limit", 50, 1, 500);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(items.size(), offset + limit); i++) {
            InboxItem item = items.get(i);
            Map<String, Object> out = ImageRoutes.describe(item.image());
            item.meta().ifPresent(meta -> out.put("collected", describe(meta)));
            page.add(out);
        }
        ctx.json(Map.of("total", items.size(), "offset", offset, "limit", limit, "order",
                order.name().toLowerCase(Locale.ROOT), "items", page));
    }

    private static Map<String, Object> describe(InboxMeta meta) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", meta.zone());
        out.put("captured_at", meta.capturedAt().toString());
        out.put("model", meta.model());
        out.put("reason", meta.reason());
        out.put("top_confidence", meta.topConfidence());
        out.put("margin", meta.margin());
        List<Map<String, Object>> scores = new ArrayList<>();
        for (InboxMeta.Score score : meta.scores()) {
            scores.add(Map.of("label", score.label(), "probability", score.probability()));
        }
        out.put("scores", scores);
        return out;
    }

    private static InboxOrder parseOrder(String raw) {
        if (raw == null) {
            return InboxOrder.LEAST_CONFIDENT;
        }
        try {
            return InboxOrder.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (InboxOrder order : InboxOrder.values()) {
                names.add(order.name().toLowerCase(Locale.ROOT));
            }
            throw WebException.badRequest("invalid_parameter", "order must be one of " + names);
        }
    }

    private void label(Context ctx) {
        ObjectNode body = Json.body(ctx);
        JsonNode ids = body.get("items");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 1000) {
            throw WebException.badRequest("missing_field", "the body needs \"items\": a list of 1-1000 inbox image ids");
        }
        if (!body.has("label")) {
            throw WebException.badRequest("missing_field", "the body needs \"label\" (a label name, or null to discard)");
        }
        Optional<LabelName> label = Json.optionalText(body, "label").map(LabelName::of);
        List<String> checked = new ArrayList<>();
        for (JsonNode id : ids) {
            checked.add(inboxItem(id.isTextual() ? id.asText() : null).sha256());
        }
        for (String id : checked) {
            if (label.isPresent()) {
                services.store().labelInboxItem(id, label.get());
            } else {
                services.store().deleteImage(id);
            }
        }
        if (label.isPresent()) {
            services.daemon().retrainer().labelsAdded(checked.size());
        }
        ctx.json(Map.of(label.isPresent() ? "labelled" : "discarded", checked.size(), "inbox", services.store().inbox().size()));
    }

    private void discard(Context ctx) {
        StoredImage item = inboxItem(ctx.pathParam("id"));
        services.store().deleteImage(item.sha256());
        ctx.json(Map.of("discarded", 1, "inbox", services.store().inbox().size()));
    }

    private StoredImage inboxItem(String raw) {
        String id = Paths.imageId(raw);
        StoredImage image = services.store().find(id).orElseThrow(() -> WebException.notFound("unknown_image", "no image " + id));
        if (!image.inInbox()) {
            throw WebException.conflict("not_in_inbox", "image " + id + " is already labelled "
                    + image.label().map(LabelName::value).orElse("") + "; relabel it with PUT /api/v1/images/" + id);
        }
        return image;
    }
}
