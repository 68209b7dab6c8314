package dev.magpie.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A second MQTT client for tests: subscribes, records every message it receives, publishes. With a persistent
 * session ({@link #persistent}) the broker queues QoS 1 messages for it while it is away.
 */
public final class MqttProbe implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, byte[] payload, int qos, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<String> filters = new ArrayList<>();

    private MqttProbe(String uri, String clientId, boolean cleanSession) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect && cleanSession) {
                    resubscribe();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        client.connect(options);
    }

    public static MqttProbe connect(String uri) throws MqttException {
        return new MqttProbe(uri, MqttClient.generateClientId(), true);
    }

    /** A probe whose session (subscriptions, queued QoS 1 messages) the broker keeps while it is disconnected. */
    public static MqttProbe persistent(String uri, String clientId) throws MqttException {
        return new MqttProbe(uri, clientId, false);
    }

    public MqttProbe subscribe(String filter) throws MqttException {
        filters.add(filter);
        client.subscribe(filter, 1);
        return this;
    }

    public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The next message on a topic matching {@code filter}; fails after {@code timeout}. Others are skipped. */
    public Received next(String filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no message on " + filter + " within " + timeout);
            }
            if (MqttTopic.isMatched(filter, message.topic())) {
                return message;
            }
        }
    }

    /** Every message on {@code filter} until {@code count} arrived or {@code timeout} passed. */
    public List<Received> collect(String filter, int count, Duration timeout) throws InterruptedException {
        List<Received> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count) {
            long left = deadline - System.nanoTime();
            Received message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            if (MqttTopic.isMatched(filter, message.topic())) {
                messages.add(message);
            }
        }
        return messages;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private void resubscribe() {
        try {
            for (String filter : filters) {
                client.subscribe(filter, 1);
            }
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
