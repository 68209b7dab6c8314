package dev.magpie.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

    @TempDir
    Path dir;

    @Test
    void envSecretIsReadFromTheGivenEnvironment() throws Exception {
        SecretRef ref = SecretRef.ofEnv("mqtt.password", "MQTT_PASSWORD");
        assertThat(ref.resolve(Map.of("MQTT_PASSWORD", "s3cret"))).containsExactly('s', '3', 'c', 'r', 'e', 't');
        assertThat(ref.resolveString(Map.of("MQTT_PASSWORD", "s3cret"))).isEqualTo("s3cret");
    }

    @Test
    void missingEnvVariableNamesKeyAndVariable() {
        assertThatThrownBy(() -> SecretRef.ofEnv("mqtt.password", "MQTT_PASSWORD").resolve(Map.of()))
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("mqtt.password: environment variable MQTT_PASSWORD is not set");
    }

    @Test
    void fileSecretWithTightPermissionsIsReadWithoutItsTrailingNewline() throws Exception {
        Path file = secretFile("s3cret\n", "rw-r-----");
        assertThat(SecretRef.ofFile("mqtt.password", file.toString()).resolveString(Map.of())).isEqualTo("s3cret");
    }

    @Test
    void fileSecretReadableByOthersIsRefused() throws Exception {
        Path file = secretFile("s3cret", "rw-r--r--");
        assertThatThrownBy(() -> SecretRef.ofFile("mqtt.password", file.toString()).resolve(Map.of()))
                .isInstanceOf(SecretException.class)
                .hasMessage("mqtt.password: file " + file + " has permissions 0644, wider than 0640, so other users may"
                        + " read the secret; run: chmod 600 " + file);
    }

    @Test
    void missingFileNamesKeyAndFile() {
        Path file = dir.resolve("nope");
        assertThatThrownBy(() -> SecretRef.ofFile("cameras[0].password", file.toString()).resolve(Map.of()))
                .hasMessage("cameras[0].password: file " + file + " does not exist");
    }

    @Test
    void credentialIsReadFromTheCredentialsDirectory() throws Exception {
        Files.writeString(dir.resolve("mqtt-password"), "s3cret");
        SecretRef ref = SecretRef.ofCredential("mqtt.password", "mqtt-password");
        assertThat(ref.resolveString(Map.of("CREDENTIALS_DIRECTORY", dir.toString()))).isEqualTo("s3cret");
        assertThatThrownBy(() -> ref.resolve(Map.of()))
                .hasMessageStartingWith("mqtt.password: credential 'mqtt-password' needs $CREDENTIALS_DIRECTORY");
    }

    @Test
    void configToStringNeverShowsASecret() throws Exception {
        MagpieConfig config = new ConfigLoader().parse("""
                cameras:
                  - name: door
                    source: {mjpeg: "http://cam.local/video"}
                    username: viewer
                    password: {file: /etc/magpie/cam}
                mqtt:
                  username: magpie
                  password: {env: MQTT_PASSWORD}
                """, "t");
        SecretRef mqtt = config.mqtt().password();
        assertThat(mqtt.key()).isEqualTo("mqtt.password");
        assertThat(config.cameras().get(0).password().key()).isEqualTo("cameras[0].password");
        String value = mqtt.resolveString(Map.of("MQTT_PASSWORD", "hunter2-very-secret"));
        assertThat(config.toString()).doesNotContain(value).contains("{env: MQTT_PASSWORD}", "{file: /etc/magpie/cam}");
    }

    @Test
    void aSecretIsExactlyOneReference() {
        assertThatThrownBy(() -> new ConfigLoader().parse("mqtt:\n  username: u\n  password: {env: A, file: /b}\n", "t"))
                .hasMessageContaining("line 3: mqtt.password: a secret is exactly one of {env: NAME}, {file: /path} or {credential: NAME}");
        assertThatThrownBy(() -> new ConfigLoader().parse("mqtt:\n  username: u\n  password: {envv: A}\n", "t"))
                .hasMessageContaining("line 3: mqtt.password.envv: unknown key; did you mean env?");
    }

    private Path secretFile(String content, String perms) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }
}
