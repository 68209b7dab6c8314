package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS listener with a throw-away CA and server certificate made by {@code openssl} for this test. */
class MqttTlsTest {

    @TempDir
    Path dir;

    @Test
    void connectsToAnSslBrokerTrustingItsCaFile() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Magpie test CA",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key.toString(),
                "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", ext.toString(), "-out", cert.toString());

        try (MosquittoBroker broker = MosquittoBroker.builder(dir.resolve("broker")).tls(ca, cert, key).start()) {
            assertThat(broker.uri()).startsWith("ssl://");
            MqttSettings settings = MqttSettings.builder(broker.uri(), "tls", dir.resolve("mqtt"))
                    .tls(MqttTls.caFile(ca)).build();
            try (MqttConnection connection = MqttConnection.open(settings)) {
                connection.firstConnect().get(15, TimeUnit.SECONDS);
                assertThat(connection.isConnected()).isTrue();
            }

            // Without the CA the JVM's trust store does not know this broker: no connection, retries go on.
            MqttSettings untrusted = MqttSettings.builder(broker.uri(), "untrusted", dir.resolve("mqtt2")).build();
            try (MqttConnection connection = MqttConnection.open(untrusted)) {
                assertThatThrownBy(() -> connection.firstConnect().get(3, TimeUnit.SECONDS))
                        .isInstanceOf(TimeoutException.class);
                assertThat(connection.isConnected()).isFalse();
            }
        }
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("openssl %s: %s", args[0], output).isZero();
    }
}
