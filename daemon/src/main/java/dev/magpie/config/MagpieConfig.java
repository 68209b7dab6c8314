package dev.magpie.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole configuration file, bound from YAML. Immutable; sections missing from the file take their defaults.
 * Each record checks its own keys as it is built; {@link #validate()} checks what spans records (names that must
 * match or be unique), so the loader can report every problem at once.
 *
 * @param device this board's id and name
 * @param cameras the cameras watched; none by default
 * @param motion the motion gate
 * @param zones regions of camera frames that are classified, with their alert rules; none by default
 * @param mqtt the MQTT connection (off by default)
 * @param inbox which unsure crops are kept for labelling
 * @param retraining when the device retrains and promotes
 * @param gpio PIR, buttons and outputs on the Pi's header
 * @param inference how models run
 * @param models where the backbone comes from
 * @param training how the head is trained
 * @param web the web UI and REST API
 */
public record MagpieConfig(DeviceConfig device, List<CameraConfig> cameras, MotionConfig motion, List<ZoneConfig> zones,
                           MqttConfig mqtt, InboxConfig inbox, RetrainingConfig retraining, GpioConfig gpio,
                           InferenceConfig inference, ModelsConfig models, TrainingConfig training,
                           WebConfig web) {

    public MagpieConfig {
        device = device == null ? DeviceConfig.defaults() : device;
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        motion = motion == null ? MotionConfig.defaults() : motion;
        zones = zones == null ? List.of() : List.copyOf(zones);
        if (cameras.size() == 1) {
            String only = cameras.get(0).name();
            zones = zones.stream().map(z -> z.camera() == null ? z.withCamera(only) : z).toList();
        }
        mqtt = (mqtt == null ? MqttConfig.defaults() : mqtt).withDefaultClientId("magpie-" + device.id());
        inbox = inbox == null ? InboxConfig.defaults() : inbox;
        retraining = retraining == null ? RetrainingConfig.defaults() : retraining;
        gpio = gpio == null ? GpioConfig.defaults() : gpio;
        inference = inference == null ? InferenceConfig.defaults() : inference;
        models = models == null ? ModelsConfig.defaults() : models;
        training = training == null ? TrainingConfig.defaults() : training;
        web = web == null ? WebConfig.defaults() : web;
    }

    public static MagpieConfig defaults() {
        return new MagpieConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Checks across sections: unique camera, zone and rule names, zones on configured cameras and inside their
     * frames, GPIO pins used once, buttons and outputs naming configured zones.
     *
     * @return every problem found, empty when the configuration is usable
     */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Integer> cameraIndex = unique(cameras.stream().map(CameraConfig::name).toList(), "cameras", "camera", problems);
        unique(zones.stream().map(ZoneConfig::name).toList(), "zones", "zone", problems);
        String configured = cameras.isEmpty() ? "none" : cameras.stream().map(CameraConfig::name).collect(Collectors.joining(", "));
        for (int i = 0; i < zones.size(); i++) {
            ZoneConfig zone = zones.get(i);
            String path = "zones[" + i + "]";
            if (zone.camera() == null) {
                problems.add(ConfigProblem.of(path + ".camera", null, cameras.isEmpty()
                        ? "a zone needs a camera, and none is configured; add one under cameras"
                        : "required when more than one camera is configured; use one of: " + configured));
            } else if (!cameraIndex.containsKey(zone.camera())) {
                problems.add(ConfigProblem.of(path + ".camera", zone.camera(), "no camera has this name; configured cameras: " + configured));
            } else {
                CameraConfig camera = cameras.get(cameraIndex.get(zone.camera()));
                int[] b = zone.bounds();
                if (b[0] + b[2] > camera.width() || b[1] + b[3] > camera.height()) {
                    String key = zone.rect() != null ? ".rect" : ".polygon";
                    problems.add(ConfigProblem.of(path + key, zone.rect() != null ? zone.rect() : zone.polygon(),
                            "reaches outside camera " + camera.name() + "'s " + camera.width() + "x" + camera.height() + " frame"));
                }
            }
            unique(zone.rules().stream().map(RuleConfig::label).toList(), path + ".rules", "rule label", problems,
                    "label");
        }
        checkPins(problems);
        List<String> zoneNames = zones.stream().map(ZoneConfig::name).toList();
        for (int i = 0; i < gpio.buttons().size(); i++) {
            String zone = gpio.buttons().get(i).zone();
            String path = "gpio.buttons[" + i + "].zone";
            if (zone == null && zoneNames.size() != 1) {
                problems.add(ConfigProblem.of(path, null, "required when there is not exactly one zone; use one of: "
                        + (zoneNames.isEmpty() ? "(no zones configured)" : String.join(", ", zoneNames))));
            } else if (zone != null && !zoneNames.contains(zone)) {
                problems.add(ConfigProblem.of(path, zone, "no zone has this name; configured zones: " + String.join(", ", zoneNames)));
            }
        }
        for (int i = 0; i < gpio.outputs().size(); i++) {
            String zone = gpio.outputs().get(i).zone();
            if (zone != null && !zoneNames.contains(zone)) {
                problems.add(ConfigProblem.of("gpio.outputs[" + i + "].zone", zone, "no zone has this name; configured zones: "
                        + String.join(", ", zoneNames)));
            }
        }
        return problems;
    }

    private void checkPins(List<ConfigProblem> problems) {
        Map<Integer, String> used = new HashMap<>();
        List<Map.Entry<String, Integer>> pins = new ArrayList<>();
        if (gpio.pir() != null) {
            pins.add(Map.entry("gpio.pir.pin", gpio.pir().pin()));
        }
        for (int i = 0; i < gpio.buttons().size(); i++) {
            pins.add(Map.entry("gpio.buttons[" + i + "].pin", gpio.buttons().get(i).pin()));
        }
        for (int i = 0; i < gpio.outputs().size(); i++) {
            pins.add(Map.entry("gpio.outputs[" + i + "].pin", gpio.outputs().get(i).pin()));
        }
        for (Map.Entry<String, Integer> pin : pins) {
            String first = used.putIfAbsent(pin.getValue(), pin.getKey());
            if (first != null) {
                problems.add(new ConfigProblem(pin.getKey(), String.valueOf(pin.getValue()),
                        "pin already used at {other}; each GPIO pin may be used once", first));
            }
        }
    }

    private static Map<String, Integer> unique(List<String> names, String listPath, String what, List<ConfigProblem> problems) {
        return unique(names, listPath, what, problems, "name");
    }

    private static Map<String, Integer> unique(List<String> names, String listPath, String what, List<ConfigProblem> problems,
                                               String key) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer first = index.putIfAbsent(names.get(i), i);
            if (first != null) {
                problems.add(new ConfigProblem(listPath + "[" + i + "]." + key, names.get(i),
                        "duplicate " + what + "; also at {other}; give each its own " + key, listPath + "[" + first + "]." + key));
            }
        }
        return index;
    }
}
