package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttCredentialsTest {

    private static final String SECRET = "s3cret-Pa55-do-not-log";

    @TempDir
    static Path dir;
    static MosquittoBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).password("magpie", SECRET).start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theRightPasswordConnects(@TempDir Path data) throws Exception {
        MqttSettings settings = MqttSettings.builder(broker.uri(), "authed", data)
                .credentials("magpie", SECRET.toCharArray()).build();
        try (MqttConnection connection = MqttConnection.open(settings)) {
            connection.firstConnect().get(10, TimeUnit.SECONDS);
            assertThat(connection.isConnected()).isTrue();
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessageAndNeitherPasswordIsLogged(@TempDir Path data) throws Exception {
        String wrong = "wrong-" + SECRET;
        MqttSettings settings = MqttSettings.builder(broker.uri(), "intruder", data)
                .credentials("magpie", wrong.toCharArray()).build();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            try (MqttConnection connection = MqttConnection.open(settings)) {
                assertThatThrownBy(() -> connection.firstConnect().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(MqttConnectException.class)
                        .hasMessageContaining("refused the login of user 'magpie'")
                        .hasMessageContaining("check mqtt.username and mqtt.password")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong, SECRET));
                assertThat(connection.isConnected()).isFalse();
                capture.println(settings);
                capture.println(connection.settings());
            }
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        savedErr.print(log);
        assertThat(log).contains("refused the login of user 'magpie'").contains("password=<masked>")
                .doesNotContain(wrong).doesNotContain(SECRET);
    }

    @Test
    void anonymousClientsAreRefusedByThePasswordBroker(@TempDir Path data) throws Exception {
        try (MqttConnection connection = MqttConnection.open(MqttSettings.builder(broker.uri(), "anon", data)
                .build())) {
            assertThatThrownBy(() -> connection.firstConnect().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(MqttConnectException.class).hasMessageContaining("not authorised");
        }
    }
}
