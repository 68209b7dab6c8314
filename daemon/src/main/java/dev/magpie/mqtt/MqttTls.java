package dev.magpie.mqtt;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Certificates for an {@code ssl://} broker. Either PEM files (what mosquitto and Let's Encrypt hand out) or a
 * PKCS#12/JKS trust store; with neither, the JVM's default trust store decides (a public CA).
 *
 * @param caFile PEM CA certificate(s) that signed the broker's certificate
 * @param clientCertFile PEM client certificate, for brokers that require one ({@code require_certificate true})
 * @param clientKeyFile PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of the client certificate
 * @param trustStore PKCS#12 or JKS trust store, instead of {@code caFile}
 * @param trustStorePassword the trust store's password; masked by {@link #toString()}
 */
public record MqttTls(Path caFile, Path clientCertFile, Path clientKeyFile, Path trustStore,
                      char[] trustStorePassword) {

    public static final MqttTls NONE = new MqttTls(null, null, null, null, null);

    public MqttTls {
        if ((clientCertFile == null) != (clientKeyFile == null)) {
            throw new IllegalArgumentException("mqtt.tls.client_cert and mqtt.tls.client_key go together");
        }
        if (caFile != null && trustStore != null) {
            throw new IllegalArgumentException("mqtt.tls.ca_file and mqtt.tls.trust_store exclude each other");
        }
        trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
    }

    public static MqttTls caFile(Path caFile) {
        return new MqttTls(caFile, null, null, null, null);
    }

    public boolean isEmpty() {
        return caFile == null && clientCertFile == null && trustStore == null;
    }

    @Override
    public char[] trustStorePassword() {
        return trustStorePassword == null ? null : trustStorePassword.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttTls other && Objects.equals(caFile, other.caFile)
                && Objects.equals(clientCertFile, other.clientCertFile)
                && Objects.equals(clientKeyFile, other.clientKeyFile) && Objects.equals(trustStore, other.trustStore)
                && Arrays.equals(trustStorePassword, other.trustStorePassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(caFile, clientCertFile, trustStore);
    }

    @Override
    public String toString() {
        return "MqttTls[caFile=" + caFile + ", clientCertFile=" + clientCertFile + ", clientKeyFile=" + clientKeyFile
                + ", trustStore=" + trustStore
                + (trustStorePassword == null ? "" : ", trustStorePassword=<masked>") + "]";
    }
}
