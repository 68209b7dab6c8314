package dev.magpie.mqtt;

import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * One MQTT connection attempt, for a settings page's "test connection" button: connect (clean session, no
 * persistence, no reconnect), disconnect, and say what happened in words. The password is passed to Paho and nowhere
 * else: never logged, never part of a result.
 */
public final class BrokerCheck {

    /** How it went: {@code ok}, or a short {@code reason} code and a message for people. */
    public record Result(boolean ok, String reason, String message, long millis) {
    }

    private BrokerCheck() {
    }

    /**
     * @param brokerUri {@code tcp://host:port} or {@code ssl://host:port}, already checked by the caller
     * @param password  may be null; the array is cleared before this returns
     */
    public static Result check(String brokerUri, String username, char[] password, Duration connectTimeout) {
        long start = System.nanoTime();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (username != null && !username.isEmpty()) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.clone());
            java.util.Arrays.fill(password, '\0');
        }
        MqttClient client = null;
        try {
            client = new MqttClient(brokerUri, "magpie-test-" + UUID.randomUUID().toString().substring(0, 8), null);
            client.setTimeToWait(connectTimeout.toMillis());
            client.connect(options);
            client.disconnect(500);
            return new Result(true, "connected", "connected to " + brokerUri, millisSince(start));
        } catch (MqttException e) {
            return refusal(e, brokerUri, millisSince(start));
        } catch (IllegalArgumentException e) {
            return new Result(false, "invalid_broker", "not a broker address: " + e.getMessage(), millisSince(start));
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException e) {
                    // closing a client that never connected; nothing is held
                }
            }
        }
    }

    private static Result refusal(MqttException e, String broker, long millis) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> new Result(false, "bad_credentials",
                    "the broker refused the user name or password", millis);
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> new Result(false, "not_authorized",
                    "the broker refused the connection: not authorized (check the user name, password and the broker's ACL)", millis);
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> new Result(false, "client_id_rejected",
                    "the broker refused the client id", millis);
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> new Result(false, "broker_unavailable",
                    "the broker answered but is unavailable", millis);
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> new Result(false, "timeout",
                    "no answer from " + broker + " in time; check the host, port and firewall", millis);
            default -> new Result(false, "unreachable", "could not connect to " + broker + ": "
                    + (e.getCause() != null ? e.getCause().getClass().getSimpleName() + " " + e.getCause().getMessage()
                    : e.getMessage()), millis);
        };
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
