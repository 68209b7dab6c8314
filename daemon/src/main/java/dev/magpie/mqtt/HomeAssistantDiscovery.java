package dev.magpie.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Home Assistant's view of Magpie's zones current: publishes retained discovery configs on every connect and
 * whenever Home Assistant announces itself ({@code <discovery>/status} = {@code online}, its birth message), and
 * deletes the entities of a zone or label that is no longer configured by publishing an empty retained config.
 *
 * <p>Only removals seen by this process are published: entities of a zone deleted while Magpie was stopped stay in
 * Home Assistant (shown unavailable) until removed there.
 */
public final class HomeAssistantDiscovery {

    private static final Logger log = LoggerFactory.getLogger(HomeAssistantDiscovery.class);
    private static final byte[] DELETE = new byte[0];

    private final MqttConnection connection;
    private final DiscoveryConfigs configs;
    private Map<String, byte[]> current = Map.of();

    public HomeAssistantDiscovery(MqttConnection connection, DeviceInfo device) {
        this.connection = connection;
        this.configs = new DiscoveryConfigs(connection.settings(), device);
        if (connection.settings().discoveryEnabled()) {
            connection.onConnected(this::publishAll);
            connection.subscribe(connection.settings().discoveryPrefix() + "/status", 1, (topic, message) -> {
                if ("online".equals(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                    publishAll();
                }
            });
        }
    }

    /** Announces {@code zones}; entities of the previous announcement that are not among them are deleted. */
    public void announce(List<DiscoveryZone> zones) {
        if (!connection.settings().discoveryEnabled()) {
            return;
        }
        Map<String, byte[]> next = configs.configs(zones);
        Map<String, byte[]> previous;
        synchronized (this) {
            previous = current;
            current = Map.copyOf(next);
        }
        for (String gone : Set.copyOf(previous.keySet())) {
            if (!next.containsKey(gone)) {
                log.info("Home Assistant entity removed: {}", gone);
                connection.publishQuietly(gone, DELETE, 1, true);
            }
        }
        publishAll();
    }

    /** The configs last announced, by topic (what a test or {@code magpie doctor} can show). */
    public synchronized Map<String, byte[]> announced() {
        return new LinkedHashMap<>(current);
    }

    private void publishAll() {
        Map<String, byte[]> snapshot;
        synchronized (this) {
            snapshot = current;
        }
        snapshot.forEach((topic, payload) -> connection.publishQuietly(topic, payload, 1, true));
    }
}
