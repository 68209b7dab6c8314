package dev.magpie.app;

import dev.magpie.config.MagpieConfig;
import dev.magpie.config.MqttConfig;
import dev.magpie.config.RuleConfig;
import dev.magpie.config.SecretException;
import dev.magpie.config.TlsConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.mqtt.DeviceInfo;
import dev.magpie.mqtt.DiscoveryZone;
import dev.magpie.mqtt.HomeAssistantDiscovery;
import dev.magpie.mqtt.MqttAlertPublisher;
import dev.magpie.mqtt.MqttCommandListener;
import dev.magpie.mqtt.MqttConnection;
import dev.magpie.mqtt.MqttSettings;
import dev.magpie.mqtt.MqttTls;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.DaemonCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Magpie on MQTT: one connection, the alert publisher, Home Assistant discovery and the command listener. It outlives
 * a configuration reload (the daemon behind {@code commands} is swapped, the broker session is kept).
 */
final class MqttChannel implements AutoCloseable {

    private final MqttConnection connection;
    private final MqttAlertPublisher publisher;
    private final HomeAssistantDiscovery discovery;
    private final MqttCommandListener listener;

    private MqttChannel(MqttConnection connection, MqttAlertPublisher publisher, HomeAssistantDiscovery discovery,
                        MqttCommandListener listener) {
        this.connection = connection;
        this.publisher = publisher;
        this.discovery = discovery;
        this.listener = listener;
    }

    static MqttChannel open(MagpieConfig config, Path dataDir, Map<String, String> environment, DaemonCommands commands,
                            String version) throws SecretException {
        MqttConfig mqtt = config.mqtt();
        MqttSettings.Builder settings = MqttSettings.builder(mqtt.broker(), config.device().id(), dataDir.resolve("mqtt"))
                .clientId(mqtt.clientId())
                .topicPrefix(mqtt.topicPrefix())
                .keepAlive(Duration.ofSeconds(mqtt.keepaliveSeconds()))
                .discovery(mqtt.discovery(), mqtt.discoveryPrefix());
        if (mqtt.username() != null) {
            settings.credentials(mqtt.username(), mqtt.password() == null ? null : mqtt.password().resolve(environment));
        }
        TlsConfig tls = mqtt.tls();
        if (tls != null && (tls.caFile() != null || tls.certFile() != null)) {
            settings.tls(new MqttTls(path(tls.caFile()), path(tls.certFile()), path(tls.keyFile()), null, null));
        }
        MqttConnection connection = MqttConnection.open(settings.build());
        MqttAlertPublisher publisher = new MqttAlertPublisher(connection);
        HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(connection,
                new DeviceInfo(config.device().name(), "Magpie", version));
        discovery.announce(discoveryZones(config));
        MqttCommandListener listener = new MqttCommandListener(connection, commands);
        return new MqttChannel(connection, publisher, discovery, listener);
    }


    AlertSink sink() {
        return publisher;
    }

    /** Re-announces the zones after a configuration reload (removed zones are deleted from Home Assistant). */
    void announce(MagpieConfig config) {
        discovery.announce(discoveryZones(config));
    }

    private static List<DiscoveryZone> discoveryZones(MagpieConfig config) {
        List<DiscoveryZone> zones = new ArrayList<>();
        for (ZoneConfig zone : config.zones()) {
            List<String> alerting = new ArrayList<>();
            for (RuleConfig rule : zone.rules()) {
                if (rule.alert()) {
                    alerting.add(rule.label());
                }
            }
            zones.add(new DiscoveryZone(zone.name(), alerting, zone.detect() != null));
        }
        return zones;
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }


    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public void close() {
        listener.close();
        publisher.close();
        connection.close();
    }
}
