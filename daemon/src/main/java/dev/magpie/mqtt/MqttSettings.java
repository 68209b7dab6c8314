package dev.magpie.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How Magpie reaches its MQTT broker. Immutable and checked on construction: a broken combination fails here, at
 * start-up, with a message naming the key, not later as a refused connection.
 *
 * <p>{@link #toString()} masks the password so the settings can be logged; {@link #password()} hands out a copy.
 *
 * @param brokerUri {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId stable across restarts: with a persistent session the broker keeps QoS 1 state per client id
 * @param username null for an anonymous broker
 * @param password null when the broker needs none; never given without a username
 * @param topicPrefix first topic level, default {@code magpie}
 * @param deviceId second topic level and Home Assistant node id
 * @param tls certificates for {@code ssl://}; {@link MqttTls#NONE} for {@code tcp://}
 * @param keepAlive how long the broker waits without a packet before it publishes the will ({@code offline})
 * @param persistenceDir where QoS 1 messages not yet acknowledged are kept, so an outage or restart loses none
 * @param maxBufferedMessages how many messages are held while the broker is unreachable (per buffer, see
 *                            {@link MqttAlertPublisher})
 * @param discoveryPrefix Home Assistant's discovery prefix, default {@code homeassistant}
 * @param discoveryEnabled whether Home Assistant discovery configs are published
 */
public record MqttSettings(String brokerUri, String clientId, String username, char[] password, String topicPrefix,
                           String deviceId, MqttTls tls, Duration keepAlive, Path persistenceDir,
                           int maxBufferedMessages, String discoveryPrefix, boolean discoveryEnabled) {

    /** Topic levels Magpie builds itself: no MQTT wildcards, no separators, nothing a shell or a file name minds. */
    static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public static final String DEFAULT_TOPIC_PREFIX = "magpie";
    public static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_BUFFERED_MESSAGES = 1000;

    public MqttSettings {
        Objects.requireNonNull(brokerUri, "mqtt.broker is required");
        String scheme = schemeOf(brokerUri);
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException("mqtt.broker = " + brokerUri
                    + ": scheme must be tcp:// or ssl:// (for example tcp://localhost:1883)");
        }
        requireLevel("mqtt.device_id", deviceId);
        requireLevel("mqtt.topic_prefix", topicPrefix);
        requireLevel("mqtt.discovery_prefix", discoveryPrefix);
        if (clientId == null || clientId.isBlank() || clientId.length() > 65535) {
            throw new IllegalArgumentException("mqtt.client_id must not be empty");
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (password != null && password.length == 0) {
            password = null;
        }
        if (password != null && username == null) {
            // Frigate's rule too: a password alone is almost always a forgotten username, and brokers reject it.
            throw new IllegalArgumentException("mqtt.password given without mqtt.username");
        }
        password = password == null ? null : password.clone();
        tls = tls == null ? MqttTls.NONE : tls;
        if (scheme.equals("ssl") == false && !tls.isEmpty()) {
            throw new IllegalArgumentException("mqtt.tls is set but mqtt.broker = " + brokerUri
                    + " is not ssl://; certificates would be ignored");
        }
        Objects.requireNonNull(keepAlive, "mqtt.keep_alive");
        if (keepAlive.isNegative() || keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("mqtt.keep_alive = " + keepAlive + ": must be 1 s to 65535 s");
        }
        Objects.requireNonNull(persistenceDir, "mqtt.persistence_dir is required");
        if (maxBufferedMessages < 1) {
            throw new IllegalArgumentException("mqtt.max_buffered_messages = " + maxBufferedMessages
                    + ": must be at least 1");
        }
    }

    /** Settings with every default, for {@code deviceId} on {@code brokerUri}. */
    public static Builder builder(String brokerUri, String deviceId, Path persistenceDir) {
        return new Builder(brokerUri, deviceId, persistenceDir);
    }

    /** A copy of the password (null when none): the caller may clear it after use. */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    public boolean tlsEnabled() {
        return schemeOf(brokerUri).equals("ssl");
    }

    /** {@code <prefix>/<deviceId>}: every topic Magpie publishes lies under it. */
    public String baseTopic() {
        return topicPrefix + "/" + deviceId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttSettings other && brokerUri.equals(other.brokerUri) && clientId.equals(other.clientId)
                && Objects.equals(username, other.username) && Arrays.equals(password, other.password)
                && topicPrefix.equals(other.topicPrefix) && deviceId.equals(other.deviceId) && tls.equals(other.tls)
                && keepAlive.equals(other.keepAlive) && persistenceDir.equals(other.persistenceDir)
                && maxBufferedMessages == other.maxBufferedMessages && discoveryPrefix.equals(other.discoveryPrefix)
                && discoveryEnabled == other.discoveryEnabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerUri, clientId, deviceId);
    }

    @Override
    public String toString() {
        return "MqttSettings[brokerUri=" + brokerUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "<none>" : "<masked>") + ", topicPrefix=" + topicPrefix
                + ", deviceId=" + deviceId + ", tls=" + tls + ", keepAlive=" + keepAlive
                + ", persistenceDir=" + persistenceDir + ", maxBufferedMessages=" + maxBufferedMessages
                + ", discoveryPrefix=" + discoveryPrefix + ", discoveryEnabled=" + discoveryEnabled + "]";
    }

    private static String schemeOf(String uri) {
        try {
            String scheme = new URI(uri).getScheme();
            return scheme == null ? "" : scheme;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mqtt.broker = " + uri + ": not a URI (" + e.getReason() + ")");
        }
    }

    private static void requireLevel(String key, String value) {
        if (value == null || !TOPIC_LEVEL.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " = " + value
                    + ": must be 1-64 characters [A-Za-z0-9_-] (no MQTT wildcards + or #, no /)");
        }
    }

    /** Defaults in one place; each setter returns this. */
    public static final class Builder {
        private final String brokerUri;
        private final String deviceId;
        private final Path persistenceDir;
        private String clientId;
        private String username;
        private char[] password;
        private String topicPrefix = DEFAULT_TOPIC_PREFIX;
        private MqttTls tls = MqttTls.NONE;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private int maxBufferedMessages = DEFAULT_MAX_BUFFERED_MESSAGES;
        private String discoveryPrefix = DEFAULT_DISCOVERY_PREFIX;
        private boolean discoveryEnabled = true;

        private Builder(String brokerUri, String deviceId, Path persistenceDir) {
            this.brokerUri = brokerUri;
            this.deviceId = deviceId;
            this.persistenceDir = persistenceDir;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder credentials(String username, char[] password) {
            this.username = username;
            this.password = password == null ? null : password.clone();
            return this;
        }

        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
        }

        public Builder tls(MqttTls tls) {
            this.tls = tls;
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public Builder maxBufferedMessages(int maxBufferedMessages) {
            this.maxBufferedMessages = maxBufferedMessages;
            return this;
        }

        public Builder discovery(boolean enabled, String prefix) {
            this.discoveryEnabled = enabled;
            this.discoveryPrefix = prefix;
            return this;
        }

        public MqttSettings build() {
            String id = clientId != null ? clientId : "magpie-" + deviceId;
            return new MqttSettings(brokerUri, id, username, password, topicPrefix, deviceId, tls, keepAlive,
                    persistenceDir, maxBufferedMessages, discoveryPrefix, discoveryEnabled);
        }
    }
}
