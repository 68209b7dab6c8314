package dev.magpie.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The MQTT connection that carries states, events and commands (topics under {@code <topic_prefix>/<device id>/}).
 *
 * @param enabled connect to a broker. Default false
 * @param broker {@code tcp://host:1883} or {@code ssl://host:8883}; required when enabled
 * @param clientId the MQTT client id, unique per broker. Default {@code magpie-<device id>}
 * @param username broker user name
 * @param password broker password: a secret reference ({@code {env: ...}}, {@code {file: ...}},
 *                 {@code {credential: ...}}), never a literal; needs username
 * @param topicPrefix first topic level. Default {@code magpie}
 * @param discovery publish Home Assistant discovery so zones appear as entities. Default true
 * @param discoveryPrefix Home Assistant's discovery prefix. Default {@code homeassistant}
 * @param tls certificates for an {@code ssl://} broker; with a {@code tcp://} broker none may be set
 * @param keepaliveSeconds seconds between keepalive pings; the broker marks the device offline after 1.5 times
 *                         this, 0-3600 (0 off). Default 30
 */
public record MqttConfig(Boolean enabled, String broker, String clientId, String username, SecretRef password,
                         String topicPrefix, Boolean discovery, String discoveryPrefix, TlsConfig tls,
                         Integer keepaliveSeconds) {

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[^/#+\\s]+(/[^/#+\\s]+)*");

    public MqttConfig {
        enabled = enabled != null && enabled;
        topicPrefix = topicPrefix == null ? "magpie" : topicPrefix;
        discovery = discovery == null || discovery;
        discoveryPrefix = discoveryPrefix == null ? "homeassistant" : discoveryPrefix;
        tls = tls == null ? TlsConfig.defaults() : tls;
        keepaliveSeconds = keepaliveSeconds == null ? 30 : keepaliveSeconds;
        if (enabled && broker == null) {
            throw new InvalidValueException("broker", null, "required when mqtt.enabled is true, e.g. broker: tcp://localhost:1883");
        }
        if (broker != null) {
            checkBroker(broker);
        }
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 65_535)) {
            throw new InvalidValueException("client_id", clientId, "give a non-empty id, or leave it out for magpie-<device id>");
        }
        if (password != null && username == null) {
            throw new InvalidValueException("password", password, "mqtt.password is set but mqtt.username is not; set username too, or remove password");
        }
        if (!TOPIC_PREFIX.matcher(topicPrefix).matches()) {
            throw new InvalidValueException("topic_prefix", topicPrefix, "use topic levels without #, +, spaces or a leading/trailing /");
        }
        if (!TOPIC_PREFIX.matcher(discoveryPrefix).matches()) {
            throw new InvalidValueException("discovery_prefix", discoveryPrefix, "use topic levels without #, +, spaces or a leading/trailing /");
        }
        if (!tls.isEmpty() && broker != null && broker.startsWith("tcp://")) {
            throw new InvalidValueException("tls", tls, "TLS settings need an ssl:// broker; change broker to ssl://host:8883 or remove tls");
        }
        Names.checkRange("keepalive_seconds", keepaliveSeconds, 0, 3600);
    }

    public static MqttConfig defaults() {
        return new MqttConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** This config with a client id, when it has none (how the loader fills in {@code magpie-<device id>}). */
    public MqttConfig withDefaultClientId(String id) {
        return clientId != null ? this : new MqttConfig(enabled, broker, id, username, password, topicPrefix, discovery,
                discoveryPrefix, tls, keepaliveSeconds);
    }

    private static void checkBroker(String broker) {
        URI uri;
        try {
            uri = new URI(broker);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("broker", broker, "not a URI (" + e.getReason() + "); use tcp://host:1883 or ssl://host:8883");
        }
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            throw new InvalidValueException("broker", broker.replaceAll("//[^@/]*@", "//(hidden)@"),
                    "use tcp://host:1883 or ssl://host:8883 (user name and password go in username and password)");
        }
    }
}
