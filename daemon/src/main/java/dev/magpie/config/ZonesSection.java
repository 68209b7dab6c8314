package dev.magpie.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the top-level {@code zones:} section of a configuration file's text and leaves every other line as it was,
 * comments included, so a zone edited from the web UI does not cost the user the comments (or secret references)
 * of the rest of the file. Comments inside the old {@code zones:} block itself are lost: the section is written anew.
 *
 * <p>The section runs from the {@code zones:} line to the next top-level key; comment and blank lines at column 0
 * just before that key stay with it (the sample file's commented zone example survives). Without a {@code zones:}
 * key the section is appended.
 */
public final class ZonesSection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private ZonesSection() {
    }

    /** The zones as the tree the loader reads back ({@code rect}, {@code rules[].min_frames}...); nulls left out. */
    public static ArrayNode toTree(List<ZoneConfig> zones) {
        ArrayNode list = NODES.arrayNode();
        for (ZoneConfig zone : zones) {
            list.add(toTree(zone));
        }
        return list;
    }

    public static ObjectNode toTree(ZoneConfig zone) {
        ObjectNode node = NODES.objectNode();
        node.put("name", zone.name());
        if (zone.camera() != null) {
            node.put("camera", zone.camera());
        }
        if (zone.rect() != null) {
            ArrayNode rect = node.putArray("rect");
            zone.rect().forEach(rect::add);
        }
        if (zone.polygon() != null) {
            ArrayNode polygon = node.putArray("polygon");
            for (List<Integer> point : zone.polygon()) {
                ArrayNode p = polygon.addArray();
                point.forEach(p::add);
            }
        }
        node.put("model", zone.model());
        ArrayNode rules = node.putArray("rules");
        for (RuleConfig rule : zone.rules()) {
            ObjectNode r = rules.addObject();
            r.put("label", rule.label());
            r.put("alert", rule.alert());
            if (rule.threshold() != null) {
                r.put("threshold", rule.threshold());
            }
            if (rule.clearThreshold() != null) {
                r.put("clear_threshold", rule.clearThreshold());
            }
            r.put("min_frames", rule.minFrames());
            r.put("min_seconds", rule.minSeconds());
            r.put("end_frames", rule.endFrames());
            r.put("cooldown_seconds", rule.cooldownSeconds());
        }
        if (zone.detect() != null) {
            DetectConfig detect = zone.detect();
            ObjectNode d = node.putObject("detect");
            detect.classes().forEach(d.putArray("classes")::add);
            d.put("min_score", detect.minScore());
            d.put("species", detect.species());
            detect.allow().forEach(d.putArray("allow")::add);
            detect.deny().forEach(d.putArray("deny")::add);
            d.put("low_confidence", detect.lowConfidence());
        }
        if (!zone.suppress().isEmpty()) {
            zone.suppress().forEach(node.putArray("suppress")::add);
        }
        return node;
    }

    /** {@code text} with its {@code zones:} section replaced by {@code zones} (any JSON tree; the loader judges it). */
    public static String replace(String text, JsonNode zones) {
        String block = render(zones);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("zones\\s*:.*")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            String base = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
            return base + block;
        }
        int end = start + 1;
        while (end < lines.size() && !topLevelKey(lines.get(end))) {
            end++;
        }
        while (end - 1 > start && columnZeroCommentOrBlank(lines.get(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < start; i++) {
            out.append(lines.get(i)).append('\n');
        }
        out.append(block);
        for (int i = end; i < lines.size(); i++) {
            out.append(lines.get(i));
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String render(JsonNode zones) {
        if (zones.isEmpty()) {
            return "zones: []\n";
        }
        ObjectNode root = NODES.objectNode();
        root.set("zones", zones);
        try {
            return YAML.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write zones as YAML", e);
        }
    }

    private static boolean topLevelKey(String line) {
        return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '#';
    }

    private static boolean columnZeroCommentOrBlank(String line) {
        return line.isBlank() || line.startsWith("#");
    }
}
