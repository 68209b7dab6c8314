package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeAssistantDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeviceInfo DEVICE = new DeviceInfo("Magpie pantry", "Raspberry Pi 5", "0.1.0");

    @TempDir
    Path dir;

    @Test
    void everyZoneGetsALabelSensorAnImageAndABinarySensorPerAlertingLabel() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder(dir.resolve("broker")).start();
             MqttConnection connection = MqttConnection.open(
                     MqttSettings.builder(broker.uri(), "pantry", dir.resolve("mqtt")).build());
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            connection.firstConnect().get(10, TimeUnit.SECONDS);
            probe.subscribe("homeassistant/+/pantry/+/config");
            HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(connection, DEVICE);
            discovery.announce(List.of(new DiscoveryZone("shelf1", List.of("empty", "low"))));

            Map<String, JsonNode> configs = new TreeMap<>();
            for (MqttProbe.Received message : probe.collect("homeassistant/#", 4, WAIT)) {
                assertThat(message.retained()).isFalse(); // live delivery; retained is checked below
                configs.put(message.topic(), JSON.readTree(message.payload()));
            }
            assertThat(configs).containsOnlyKeys(
                    "homeassistant/sensor/pantry/shelf1_label/config",
                    "homeassistant/image/pantry/shelf1_snapshot/config",
                    "homeassistant/binary_sensor/pantry/shelf1_empty/config",
                    "homeassistant/binary_sensor/pantry/shelf1_low/config");
            for (JsonNode config : configs.values()) {
                JsonNode availability = config.get("availability").get(0);
                assertThat(availability.get("topic").asText()).isEqualTo("magpie/pantry/status");
                assertThat(availability.get("payload_available").asText()).isEqualTo("online");
                assertThat(availability.get("payload_not_available").asText()).isEqualTo("offline");
                JsonNode device = config.get("device");
                assertThat(device.get("identifiers").get(0).asText()).isEqualTo("magpie_pantry");
                assertThat(device.get("name").asText()).isEqualTo("Magpie pantry");
                assertThat(device.get("manufacturer").asText()).isEqualTo("Magpie");
                assertThat(device.get("model").asText()).isEqualTo("Raspberry Pi 5");
                assertThat(device.get("sw_version").asText()).isEqualTo("0.1.0");
            }

            JsonNode sensor = configs.get("homeassistant/sensor/pantry/shelf1_label/config");
            assertThat(sensor.get("unique_id").asText()).isEqualTo("magpie_pantry_shelf1_label");
            assertThat(sensor.get("state_topic").asText()).isEqualTo("magpie/pantry/shelf1/state");
            assertThat(sensor.get("value_template").asText()).isEqualTo("{{ value_json.label }}");
            assertThat(sensor.get("json_attributes_topic").asText()).isEqualTo("magpie/pantry/shelf1/state");

            JsonNode image = configs.get("homeassistant/image/pantry/shelf1_snapshot/config");
            assertThat(image.get("unique_id").asText()).isEqualTo("magpie_pantry_shelf1_snapshot");
            assertThat(image.get("image_topic").asText()).isEqualTo("magpie/pantry/shelf1/snapshot");
            assertThat(image.get("content_type").asText()).isEqualTo("image/jpeg");

            JsonNode empty = configs.get("homeassistant/binary_sensor/pantry/shelf1_empty/config");
            assertThat(empty.get("unique_id").asText()).isEqualTo("magpie_pantry_shelf1_empty");
            assertThat(empty.get("state_topic").asText()).isEqualTo("magpie/pantry/shelf1/state");
            assertThat(empty.get("value_template").asText())
                    .isEqualTo("{{ 'ON' if value_json.label == 'empty' else 'OFF' }}");
            assertThat(empty.get("payload_on").asText()).isEqualTo("ON");
            assertThat(empty.get("payload_off").asText()).isEqualTo("OFF");

            // Home Assistant restarting (its birth message) gets every config again.
            probe.publish("homeassistant/status", "online");
            assertThat(probe.collect("homeassistant/+/pantry/+/config", 4, WAIT)).hasSize(4);

            // A label no longer alerting, then a zone removed: empty retained configs delete the entities.
            discovery.announce(List.of(new DiscoveryZone("shelf1", List.of("empty"))));
            assertThat(probe.next("homeassistant/binary_sensor/pantry/shelf1_low/config", WAIT).payload()).isEmpty();
            assertThat(probe.collect("homeassistant/+/pantry/+/config", 3, WAIT)) // the remaining, sent again
                    .allSatisfy(message -> assertThat(message.payload()).isNotEmpty());
            discovery.announce(List.of());
            List<MqttProbe.Received> deletions = probe.collect("homeassistant/+/pantry/+/config", 3, WAIT);
            assertThat(deletions).extracting(MqttProbe.Received::topic).containsExactlyInAnyOrder(
                    "homeassistant/sensor/pantry/shelf1_label/config",
                    "homeassistant/image/pantry/shelf1_snapshot/config",
                    "homeassistant/binary_sensor/pantry/shelf1_empty/config");
            assertThat(deletions).allSatisfy(message -> assertThat(message.payload()).isEmpty());
        }
    }

    @Test
    void aZoneWithVisitsGetsASpeciesSensorAndAVisitImage() throws Exception {
        DiscoveryConfigs configs = new DiscoveryConfigs(
                MqttSettings.builder("tcp://127.0.0.1:1883", "garden", dir.resolve("mqtt")).build(), DEVICE);
        Map<String, byte[]> all = configs.configs(List.of(new DiscoveryZone("feeder", List.of(), true)));
        assertThat(all).containsOnlyKeys(
                "homeassistant/sensor/garden/feeder_label/config",
                "homeassistant/image/garden/feeder_snapshot/config",
                "homeassistant/sensor/garden/feeder_species_today/config",
                "homeassistant/image/garden/feeder_visit_snapshot/config");
        JsonNode species = JSON.readTree(all.get("homeassistant/sensor/garden/feeder_species_today/config"));
        assertThat(species.get("state_topic").asText()).isEqualTo("magpie/garden/feeder/species/today");
        assertThat(species.get("json_attributes_topic").asText()).isEqualTo("magpie/garden/feeder/species/today");
        assertThat(species.get("value_template").asText()).isEqualTo("{{ value_json.species | length }}");
        assertThat(species.get("unique_id").asText()).isEqualTo("magpie_garden_feeder_species_today");
        JsonNode image = JSON.readTree(all.get("homeassistant/image/garden/feeder_visit_snapshot/config"));
        assertThat(image.get("image_topic").asText()).isEqualTo("magpie/garden/feeder/visit/snapshot");
        assertThat(image.get("content_type").asText()).isEqualTo("image/jpeg");
        assertThat(configs.configs(List.of(new DiscoveryZone("feeder", List.of())))).hasSize(2);
    }

    @Test
    void configsAreRetainedForAHomeAssistantThatStartsLater() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder(dir.resolve("broker")).start();
             MqttConnection connection = MqttConnection.open(
                     MqttSettings.builder(broker.uri(), "garden", dir.resolve("mqtt")).build())) {
            connection.firstConnect().get(10, TimeUnit.SECONDS);
            new HomeAssistantDiscovery(connection, DEVICE)
                    .announce(List.of(new DiscoveryZone("feeder", List.of("goldfinch"))));
            try (MqttProbe late = MqttProbe.connect(broker.uri())) {
                late.subscribe("homeassistant/binary_sensor/garden/feeder_goldfinch/config");
                MqttProbe.Received config = late.next("homeassistant/binary_sensor/garden/feeder_goldfinch/config",
                        WAIT);
                assertThat(config.retained()).isTrue();
                assertThat(JSON.readTree(config.payload()).get("name").asText()).isEqualTo("feeder goldfinch");
            }
        }
    }

    @Test
    void nothingIsPublishedWhenDiscoveryIsOff() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder(dir.resolve("broker")).start();
             MqttConnection connection = MqttConnection.open(MqttSettings.builder(broker.uri(), "quiet",
                     dir.resolve("mqtt")).discovery(false, "homeassistant").build());
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            connection.firstConnect().get(10, TimeUnit.SECONDS);
            probe.subscribe("homeassistant/#").subscribe("magpie/quiet/status");
            HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(connection, DEVICE);
            discovery.announce(List.of(new DiscoveryZone("feeder", List.of("goldfinch"))));
            probe.next("magpie/quiet/status", WAIT); // a marker published before: the broker has caught up
            assertThat(probe.collect("homeassistant/#", 1, Duration.ofMillis(500))).isEmpty();
            assertThat(discovery.announced()).isEmpty();
        }
    }
}
