package dev.magpie.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Home Assistant MQTT discovery configs (pure: topics and JSON, no I/O). Topics are
 * {@code <discovery>/<component>/<deviceId>/<zone>_<what>/config}; every entity carries {@code availability} on
 * Magpie's status topic and the same {@code device} block, so Home Assistant shows one device that goes
 * unavailable when the will fires.
 *
 * <p>Binary sensors derive from the retained {@code <zone>/state} topic with a {@code value_template}
 * ({@code ON} while the zone's label is the alerting one) rather than from per-label topics: the state topic is
 * already retained and is the one source of truth, so Home Assistant shows the right value after its own restart
 * and no extra topics can disagree with it. A zone's incident for a label is open exactly while its state is that
 * label, so this is the same ON/OFF as the START/END events.
 */
final class DiscoveryConfigs {

    private final ObjectMapper json = new ObjectMapper();
    private final MqttSettings settings;
    private final MqttTopics topics;
    private final DeviceInfo device;

    DiscoveryConfigs(MqttSettings settings, DeviceInfo device) {
        this.settings = settings;
        this.topics = MqttTopics.of(settings);
        this.device = device;
    }

    /** Config topic → JSON payload for every entity of {@code zones}, in a stable order. */
    Map<String, byte[]> configs(List<DiscoveryZone> zones) {
        Map<String, byte[]> configs = new LinkedHashMap<>();
        for (DiscoveryZone zone : zones) {
            String name = zone.zone();
            configs.put(topic("sensor", name + "_label"), bytes(labelSensor(name)));
            configs.put(topic("image", name + "_snapshot"), bytes(snapshotImage(name)));
            for (String label : zone.alertingLabels()) {
                configs.put(topic("binary_sensor", name + "_" + label), bytes(labelBinarySensor(name, label)));
            }
            if (zone.visits()) {
                configs.put(topic("sensor", name + "_species_today"), bytes(speciesTodaySensor(name)));
                configs.put(topic("image", name + "_visit_snapshot"), bytes(visitSnapshotImage(name)));
            }
        }
        return configs;
    }

    String topic(String component, String objectId) {
        return settings.discoveryPrefix() + "/" + component + "/" + settings.deviceId() + "/" + objectId + "/config";
    }

    private ObjectNode labelSensor(String zone) {
        ObjectNode node = entity(zone + " label", zone + "_label");
        node.put("state_topic", topics.state(zone));
        node.put("value_template", "{{ value_json.label }}");
        // The whole state JSON (confidence, since, model, zone) becomes the entity's attributes.
        node.put("json_attributes_topic", topics.state(zone));
        node.put("icon", "mdi:eye");
        return node;
    }

    private ObjectNode snapshotImage(String zone) {
        ObjectNode node = entity(zone + " snapshot", zone + "_snapshot");
        node.put("image_topic", topics.snapshot(zone));
        node.put("content_type", "image/jpeg");
        return node;
    }

    /** State: how many species were seen today; attributes: the list JSON (date, species with visit counts). */
    private ObjectNode speciesTodaySensor(String zone) {
        ObjectNode node = entity(zone + " species today", zone + "_species_today");
        node.put("state_topic", topics.speciesToday(zone));
        node.put("value_template", "{{ value_json.species | length }}");
        node.put("json_attributes_topic", topics.speciesToday(zone));
        node.put("unit_of_measurement", "species");
        node.put("icon", "mdi:bird");
        return node;
    }

    private ObjectNode visitSnapshotImage(String zone) {
        ObjectNode node = entity(zone + " visit snapshot", zone + "_visit_snapshot");
        node.put("image_topic", topics.visitSnapshot(zone));
        node.put("content_type", "image/jpeg");
        return node;
    }

    private ObjectNode labelBinarySensor(String zone, String label) {
        ObjectNode node = entity(zone + " " + label, zone + "_" + label);
        node.put("state_topic", topics.state(zone));
        // Labels are [A-Za-z0-9_]{1,32} (checked by DiscoveryZone), so quoting them in Jinja is safe.
        node.put("value_template", "{{ 'ON' if value_json.label == '" + label + "' else 'OFF' }}");
        node.put("payload_on", "ON");
        node.put("payload_off", "OFF");
        return node;
    }

    private ObjectNode entity(String name, String objectId) {
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.put("unique_id", "magpie_" + settings.deviceId() + "_" + objectId);
        node.put("object_id", settings.deviceId() + "_" + objectId);
        ObjectNode availability = node.putArray("availability").addObject();
        availability.put("topic", topics.status());
        availability.put("payload_available", "online");
        availability.put("payload_not_available", "offline");
        ObjectNode deviceNode = node.putObject("device");
        deviceNode.putArray("identifiers").add("magpie_" + settings.deviceId());
        deviceNode.put("name", device.name());
        deviceNode.put("manufacturer", "Magpie");
        deviceNode.put("model", device.model());
        deviceNode.put("sw_version", device.swVersion());
        return node;
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
