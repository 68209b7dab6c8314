package dev.magpie.mqtt;

/** The broker refused to let Magpie in (bad credentials, not authorised). Retrying would not help. */
public final class MqttConnectException extends RuntimeException {

    public MqttConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
