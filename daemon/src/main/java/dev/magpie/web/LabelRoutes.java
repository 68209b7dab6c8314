package dev.magpie.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import dev.magpie.dataset.UnknownLabelException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Labels: list with counts, create, rename (moves the images), delete (with the images, or moving them to the inbox
 * with {@code ?move_to_inbox=true}). Names are checked by {@link LabelName} before anything touches the store.
 */
final class LabelRoutes implements RouteGroup {

    private final WebServices services;

    LabelRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/labels", this::list);
        routes.post("/api/v1/labels", this::create);
        routes.put("/api/v1/labels/{label}", this::rename);
        routes.delete("/api/v1/labels/{label}", this::delete);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> labels = new ArrayList<>();
        for (Map.Entry<LabelName, Integer> entry : services.store().labelCounts().entrySet()) {
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("name", entry.getKey().value());
            label.put("images", entry.getValue());
            labels.add(label);
        }
        ctx.json(Map.of("labels", labels, "inbox", services.store().inbox().size()));
    }

    private void create(Context ctx) {
        ObjectNode body = Json.body(ctx);
        LabelName name = LabelName.of(Json.requiredText(body, "name"));
        if (services.store().labels().contains(name)) {
            throw WebException.conflict("label_exists", "label " + name + " exists");
        }
        services.store().createLabel(name);
        ctx.status(201).json(Map.of("name", name.value(), "images", 0));
    }

    private void rename(Context ctx) {
        LabelName from = existing(ctx.pathParam("label"));
        LabelName to = LabelName.of(Json.requiredText(Json.body(ctx), "name"));
        services.store().renameLabel(from, to);
        ctx.json(Map.of("name", to.value(), "images", services.store().images(to).size()));
    }

    private void delete(Context ctx) {
        LabelName label = existing(ctx.pathParam("label"));
        boolean toInbox = Boolean.parseBoolean(Optional.ofNullable(ctx.queryParam("move_to_inbox")).orElse("false"));
        int moved = 0;
        if (toInbox) {
            for (StoredImage image : services.store().images(label)) {
                services.store().relabel(image.sha256(), Optional.empty());
                moved++;
            }
        }
        int deleted = services.store().images(label).size();
        services.store().deleteLabel(label);
        ctx.json(Map.of("deleted", label.value(), "images_deleted", deleted, "images_moved_to_inbox", moved));
    }

    /** The label named in a path; a name that is not a valid label cannot exist, so it is a 404 as well. */
    private LabelName existing(String raw) {
        LabelName label = parse(raw);
        if (!services.store().labels().contains(label)) {
            throw new UnknownLabelException(label);
        }
        return label;
    }

    static LabelName parse(String raw) {
        try {
            return LabelName.of(raw);
        } catch (RuntimeException e) {
            throw WebException.notFound("unknown_label", "no label " + quote(raw) + " (label names: " + LabelName.RULE + ")");
        }
    }

    static String quote(String raw) {
        String shown = raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
