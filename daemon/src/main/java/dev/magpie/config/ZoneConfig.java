package dev.magpie.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A region of one camera's frame, cropped and classified on its own.
 *
 * @param name required, unique: 1-32 characters {@code [A-Za-z0-9_-]}; an MQTT topic level ({@code magpie/<device>/<zone>/state})
 * @param camera the camera it belongs to. May be left out when exactly one camera is configured
 * @param rect {@code [x, y, width, height]} in pixels of the camera's frame: x, y at least 0, width and height above 0.
 *             Exactly one of rect and polygon
 * @param polygon {@code [[x, y], ...]}, at least 3 points, in pixels; the crop is its bounding box with the outside
 *                masked. Exactly one of rect and polygon
 * @param model the model that classifies it: {@code current} (the promoted one) or a version such as {@code v0003}.
 *              Default current
 * @param rules which labels alert and how; none: the zone's state is published but never alerts
 * @param detect optional: find objects (birds by default) in the zone and report each as a visit; null: off
 * @param suppress optional COCO class names (e.g. {@code [person]}): while the detector sees one in the zone, the zone's
 *                 classification is held back (its frames are not fed to the rules). Empty: off
 */
public record ZoneConfig(String name, String camera, List<Integer> rect, List<List<Integer>> polygon, String model,
                         List<RuleConfig> rules, DetectConfig detect, List<String> suppress) {

    /** A zone without detection. */
    public ZoneConfig(String name, String camera, List<Integer> rect, List<List<Integer>> polygon, String model,
                      List<RuleConfig> rules) {
        this(name, camera, rect, polygon, model, rules, null, null);
    }

    private static final Pattern MODEL = Pattern.compile("current|v[0-9]{4}");

    public ZoneConfig {
        Names.checkThing("name", name, "zone");
        if (camera != null && !Names.THING.matcher(camera).matches()) {
            throw new InvalidValueException("camera", camera, "not a valid camera name; use the name of a configured camera");
        }
        if (rect == null && polygon == null) {
            throw new InvalidValueException("", null, "set exactly one of rect: [x, y, width, height] or polygon: [[x, y], ...]");
        }
        if (rect != null && polygon != null) {
            throw new InvalidValueException("polygon", polygon, "a zone is exactly one of rect or polygon, and this one also sets rect; remove one");
        }
        if (rect != null) {
            rect = List.copyOf(rect);
            if (rect.size() != 4 || rect.get(0) < 0 || rect.get(1) < 0 || rect.get(2) <= 0 || rect.get(3) <= 0) {
                throw new InvalidValueException("rect", rect, "give [x, y, width, height] in pixels: x and y 0 or more, width and height above 0");
            }
        }
        if (polygon != null) {
            polygon = polygon.stream().map(List::copyOf).toList();
            if (polygon.size() < 3 || polygon.stream().anyMatch(p -> p.size() != 2 || p.get(0) < 0 || p.get(1) < 0)) {
                throw new InvalidValueException("polygon", polygon, "give at least 3 points [x, y] in pixels, each 0 or more");
            }
        }
        model = model == null ? "current" : model;
        if (!MODEL.matcher(model).matches()) {
            throw new InvalidValueException("model", model, "use current or a model version such as v0003 (see: magpie models)");
        }
        rules = rules == null ? List.of() : List.copyOf(rules);
        suppress = suppress == null ? List.of() : CocoClasses.check("suppress", suppress);
    }

    /** Whether this zone needs the object detector (detect or suppress set). */
    public boolean usesDetector() {
        return detect != null || !suppress.isEmpty();
    }

    /** This zone on the given camera (how the loader fills in the only camera). */
    public ZoneConfig withCamera(String cameraName) {
        return new ZoneConfig(name, cameraName, rect, polygon, model, rules, detect, suppress);
    }

    /** The bounding box {@code [x, y, width, height]} of the rect or polygon, in pixels. */
    public int[] bounds() {
        if (rect != null) {
            return new int[] {rect.get(0), rect.get(1), rect.get(2), rect.get(3)};
        }
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = 0, maxY = 0;
        for (List<Integer> p : polygon) {
            minX = Math.min(minX, p.get(0));
            minY = Math.min(minY, p.get(1));
            maxX = Math.max(maxX, p.get(0));
            maxY = Math.max(maxY, p.get(1));
        }
        return new int[] {minX, minY, maxX - minX, maxY - minY};
    }
}
