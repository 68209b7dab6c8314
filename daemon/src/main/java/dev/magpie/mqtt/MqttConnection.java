package dev.magpie.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MQTT session of a Magpie device: a Paho {@link MqttAsyncClient} with a persistent session (clean session
 * false), file persistence, an offline buffer, automatic reconnect and a retained last will {@code offline} on
 * {@code <base>/status}. The alert publisher, Home Assistant discovery and the command listener share it, so the
 * broker sees one client with one will.
 *
 * <p>Paho reconnects by itself only after a first successful connect (1 s doubling to 4 s); until then this class
 * retries with a backoff (1 s doubling to 30 s) on its {@code magpie-mqtt-connect} thread. A refused login is not retried: it is a
 * configuration error, reported through {@link #firstConnect()} and the log, never with the password in it.
 *
 * <p>Listeners ({@link #onConnected}, subscription handlers) run on Paho's callback thread: they must not block.
 */
public final class MqttConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);
    /**
     * Cap of Paho's automatic reconnect after a lost connection (1 s, 2 s, 4 s, 4 s, ...). With the 30 s cap of the
     * first connect, an attempt could come up to ~30 s after the broker was back (a 20 s outage cost 11 s of alerts in
     * BrokerChaosBench); 4 s keeps that within the 5 s bar at the cost of one refused TCP connect per 4 s while the
     * broker is away.
     */
    static final Duration MAX_AUTO_RECONNECT_DELAY = Duration.ofSeconds(4);

    private final MqttSettings settings;
    private final MqttTopics topics;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService connector;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Duration retryDelay = Duration.ofSeconds(1);

    private record Subscription(String filter, int qos, BiConsumer<String, MqttMessage> handler) {
    }

    /** Validates, creates the client and starts connecting in the background; never waits for the broker. */
    public static MqttConnection open(MqttSettings settings) {
        MqttConnection connection = new MqttConnection(settings);
        connection.connectLater(Duration.ZERO);
        return connection;
    }

    private MqttConnection(MqttSettings settings) {
        this.settings = settings;
        this.topics = MqttTopics.of(settings);
        this.options = connectOptions(settings);
        try {
            Files.createDirectories(settings.persistenceDir());
            dropBufferedEntries(settings.persistenceDir());
            this.client = new MqttAsyncClient(settings.brokerUri(), settings.clientId(),
                    new SpillToMemoryPersistence(settings.persistenceDir().toString()));
        } catch (MqttException | IOException e) {
            throw new IllegalStateException("MQTT client for " + settings.brokerUri() + " with persistence in "
                    + settings.persistenceDir() + ": " + e.getMessage(), e);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(settings.maxBufferedMessages());
        // In memory, not persisted: Paho 1.2.5 also puts a SUBSCRIBE into this buffer when it is issued while queued
        // publishes drain (our re-subscribe after every reconnect), persists it as a publish, and then fails every
        // later connect with a ClassCastException while restoring it. Messages already handed to the broker at
        // QoS 1 stay persisted ("s-" entries) and are resent after a restart.
        buffer.setPersistBuffer(false);
        // When full, Paho refuses new messages instead of silently deleting old ones (which could be events);
        // MqttAlertPublisher then keeps them and decides what may be dropped (states, never events).
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        client.setCallback(new Callback());
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "magpie-mqtt-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Removes offline-buffer entries ("sb-") an earlier build persisted; see the buffer settings for why. */
    private static void dropBufferedEntries(Path persistenceDir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(persistenceDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("sb-")).toList()) {
                Files.deleteIfExists(file);
                log.info("Removed a persisted offline-buffer entry an earlier version left: {}", file.getFileName());
            }
        }
    }

    private static MqttConnectOptions connectOptions(MqttSettings settings) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) MAX_AUTO_RECONNECT_DELAY.toMillis());
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        options.setMaxInflight(100);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setWill(MqttTopics.of(settings).status(), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        char[] password = settings.password();
        if (password != null) {
            options.setPassword(password);
        }
        if (settings.tlsEnabled()) {
            options.setSocketFactory(TlsContexts.socketFactory(settings.tls()));
        }
        return options;
    }

    public MqttSettings settings() {
        return settings;
    }

    public MqttTopics topics() {
        return topics;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Completes when the first connection is made; fails with {@link MqttConnectException} when the broker refuses
     * the login. A broker that is merely unreachable leaves it pending while retries go on.
     */
    public CompletableFuture<Void> firstConnect() {
        return firstConnect.copy();
    }

    /** Runs {@code listener} after every (re)connect, once the status is {@code online} and subscriptions are made. */
    public void onConnected(Runnable listener) {
        connectedListeners.add(listener);
        if (client.isConnected()) {
            listener.run();
        }
    }

    /** Subscribes now if connected and again after every reconnect (a broker may have lost the session). */
    public void subscribe(String filter, int qos, BiConsumer<String, MqttMessage> handler) {
        Subscription subscription = new Subscription(filter, qos, handler);
        subscriptions.add(subscription);
        if (client.isConnected()) {
            subscribe(subscription);
        }
    }

    /**
     * Hands a message to Paho: sent now when connected, otherwise kept in the (persisted) offline buffer. Returns
     * at once; QoS 1 persistence is written to disk on the calling thread, so pipeline code calls this through
     * {@link MqttAlertPublisher}'s own thread.
     *
     * @throws MqttException when Paho cannot take it now (not yet connected once, buffer full, too many in flight)
     */
    public IMqttDeliveryToken publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        return client.publish(topic, message);
    }

    /** Like {@link #publish} for messages that are re-sent on every connect anyway: a failure is only logged. */
    public void publishQuietly(String topic, byte[] payload, int qos, boolean retained) {
        try {
            publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            log.debug("not published to {} now ({}); it is sent again on the next connect", topic, e.getMessage());
        }
    }

    private void connectLater(Duration delay) {
        if (closed.get()) {
            return;
        }
        connector.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (closed.get()) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    log.info("MQTT connected to {} as {}", settings.brokerUri(), settings.clientId());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    firstConnectFailed(failure);
                }
            });
        } catch (MqttException e) {
            firstConnectFailed(e);
        }
    }

    private void firstConnectFailed(Throwable failure) {
        int reason = failure instanceof MqttException e ? e.getReasonCode() : -1;
        if (reason == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || reason == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            MqttConnectException refused = new MqttConnectException("MQTT broker " + settings.brokerUri()
                    + " refused the login of user '" + settings.username() + "' (client id " + settings.clientId()
                    + "): " + (reason == MqttException.REASON_CODE_NOT_AUTHORIZED ? "not authorised" : "bad user name or password")
                    + "; check mqtt.username and mqtt.password. Not retrying.", failure);
            log.error(refused.getMessage());
            firstConnect.completeExceptionally(refused);
            return;
        }
        Duration delay = retryDelay;
        retryDelay = delay.multipliedBy(2).compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY
                : delay.multipliedBy(2);
        // Paho's own message is often just "MqttException"; the cause says what happened (refused, TLS, DNS).
        Throwable cause = failure.getCause();
        String why = cause == null ? failure.getMessage() : failure.getMessage() + ": " + cause;
        log.warn("MQTT broker {} not reachable ({}); retrying in {} s", settings.brokerUri(), why,
                delay.toSeconds());
        connectLater(delay);
    }

    private void subscribe(Subscription subscription) {
        try {
            client.subscribe(subscription.filter(), subscription.qos());
        } catch (MqttException e) {
            log.warn("MQTT subscribe to {} failed: {}", subscription.filter(), e.getMessage());
        }
    }

    /**
     * Says {@code offline} (a clean disconnect does not fire the will), disconnects and releases the client and its
     * persistence. Idempotent. Messages still unacknowledged stay in the persistence directory for the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                publish(topics.status(), "offline".getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(2000);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.warn("MQTT disconnect from {} was not clean: {}", settings.brokerUri(), e.getMessage());
        }
        try {
            client.disconnectForcibly(0, 500, false);
        } catch (MqttException ignored) {
            // Already disconnected: nothing left to stop.
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("MQTT client close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                log.info("MQTT reconnected to {}", serverUri);
            }
            retryDelay = Duration.ofSeconds(1);
            publishQuietly(topics.status(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
            subscriptions.forEach(MqttConnection.this::subscribe);
            for (Runnable listener : connectedListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("MQTT connect listener failed", e);
                }
            }
            // Completed here, not in connect()'s onSuccess, so that status, SUBSCRIBEs and discovery are already
            // on the wire when a caller waiting for the first connect goes on.
            firstConnect.complete(null);
        }

        @Override
        public void connectionLost(Throwable cause) {
            log.warn("MQTT connection to {} lost ({}); reconnecting", settings.brokerUri(), describe(cause));
        }

        private static String describe(Throwable cause) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                text.append(text.length() == 0 ? "" : ", caused by ").append(t.getClass().getSimpleName());
                if (t.getMessage() != null) {
                    text.append(": ").append(t.getMessage());
                }
            }
            return text.length() == 0 ? "no reason given" : text.toString();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Routed here rather than through per-subscription listeners: with a persistent session the broker
            // delivers queued messages (commands sent while Magpie was away) right after CONNACK, before
            // subscribe() has run again, and Paho would drop them for want of a listener.
            for (Subscription subscription : subscriptions) {
                if (MqttTopic.isMatched(subscription.filter(), topic)) {
                    try {
                        subscription.handler().accept(topic, message);
                    } catch (RuntimeException e) {
                        log.warn("MQTT handler for {} failed", topic, e);
                    }
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
