package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {

    private static final Path DIR = Path.of("data/mqtt");

    private static MqttSettings.Builder valid() {
        return MqttSettings.builder("tcp://localhost:1883", "pantry", DIR);
    }

    @Test
    void defaultsFollowTheContract() {
        MqttSettings settings = valid().build();
        assertThat(settings.topicPrefix()).isEqualTo("magpie");
        assertThat(settings.discoveryPrefix()).isEqualTo("homeassistant");
        assertThat(settings.discoveryEnabled()).isTrue();
        assertThat(settings.clientId()).isEqualTo("magpie-pantry");
        assertThat(settings.baseTopic()).isEqualTo("magpie/pantry");
        assertThat(settings.password()).isNull();
    }

    @Test
    void passwordWithoutUsernameIsRefused() {
        assertThatThrownBy(() -> valid().credentials(null, "pw".toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mqtt.password given without mqtt.username");
    }

    @Test
    void onlyTcpAndSslSchemesAreAccepted() {
        for (String uri : new String[]{"http://host:1883", "ws://host:9001", "host:1883", "mqtt://host"}) {
            assertThatThrownBy(() -> MqttSettings.builder(uri, "pantry", DIR).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp:// or ssl://");
        }
        assertThat(MqttSettings.builder("ssl://host:8883", "pantry", DIR).build().tlsEnabled()).isTrue();
    }

    @Test
    void tlsSettingsOnAPlainTcpBrokerAreRefused() {
        assertThatThrownBy(() -> valid().tls(MqttTls.caFile(Path.of("ca.pem"))).build())
                .hasMessageContaining("is not ssl://");
    }

    @Test
    void deviceIdAndPrefixesMustBeSingleTopicLevels() {
        for (String bad : new String[]{"a/b", "+", "#", "", "with space"}) {
            assertThatThrownBy(() -> MqttSettings.builder("tcp://h:1883", bad, DIR).build())
                    .hasMessageContaining("mqtt.device_id");
            assertThatThrownBy(() -> valid().topicPrefix(bad).build()).hasMessageContaining("mqtt.topic_prefix");
        }
    }

    @Test
    void keepAliveMustBeAtLeastOneSecond() {
        assertThatThrownBy(() -> valid().keepAlive(Duration.ofMillis(200)).build())
                .hasMessageContaining("mqtt.keep_alive");
    }

    @Test
    void toStringMasksThePasswordAndTheTrustStorePassword() {
        MqttSettings settings = MqttSettings.builder("ssl://h:8883", "pantry", DIR)
                .credentials("magpie", "hunter2".toCharArray())
                .tls(new MqttTls(null, null, null, Path.of("trust.p12"), "storepw".toCharArray())).build();
        assertThat(settings.toString()).contains("username=magpie", "password=<masked>", "trustStorePassword=<masked>")
                .doesNotContain("hunter2", "storepw");
        assertThat(settings.password()).containsExactly("hunter2".toCharArray());
    }

    @Test
    void clearingTheReturnedPasswordDoesNotChangeTheSettings() {
        MqttSettings settings = valid().credentials("magpie", "hunter2".toCharArray()).build();
        java.util.Arrays.fill(settings.password(), 'x');
        assertThat(settings.password()).containsExactly("hunter2".toCharArray());
    }
}
