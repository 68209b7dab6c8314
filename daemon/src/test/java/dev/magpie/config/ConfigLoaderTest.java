package dev.magpie.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void emptyFileGivesDefaults() throws Exception {
        MagpieConfig config = loader.parse("", "test");
        assertThat(config.inference().threads()).isEqualTo(1);
        assertThat(config.inference().providers()).containsExactly("cpu");
        assertThat(config.models().download()).isTrue();
        assertThat(config.training().augmentedViews()).isEqualTo(4);
    }

    @Test
    void shippedConfigFileIsValidAndEqualsTheDefaults() throws Exception {
        MagpieConfig shipped = loader.load(Path.of("../config/magpie.yaml"));
        assertThat(shipped).isEqualTo(MagpieConfig.defaults());
    }

    @Test
    void unknownKeyNamesLineKeyAndKnownKeys() {
        assertThatThrownBy(() -> loader.parse("inference:\n  thread: 2\n", "magpie.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: inference.thread: unknown key")
                .hasMessageContaining("threads");
    }

    @Test
    void outOfRangeValueNamesTheKeyPath() {
        assertThatThrownBy(() -> loader.parse("inference:\n  threads: 0\n", "magpie.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: inference.threads = 0: must be between 1 and 64");
    }

    @Test
    void wrongTypeIsReported() {
        assertThatThrownBy(() -> loader.parse("training:\n  seed: soon\n", "magpie.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: training.seed = soon: expected a whole number");
    }

    @Test
    void unknownProviderIsReported() {
        assertThatThrownBy(() -> loader.parse("inference:\n  providers: [cuda, npu]\n", "magpie.yaml"))
                .hasMessageContaining("unknown provider 'npu'");
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        assertThatThrownBy(() -> loader.parse("inference:\n  threads: [1\n", "magpie.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line");
    }

    @Test
    void everyExampleParses() throws Exception {
        MagpieConfig shelf = loader.load(Path.of("../config/examples/shelf-monitor.yaml"));
        assertThat(shelf.zones()).hasSize(6).allSatisfy(zone -> {
            assertThat(zone.camera()).isEqualTo("shelf");
            assertThat(zone.rules()).extracting(RuleConfig::label).containsExactly("empty");
        });
        assertThat(shelf.cameras().get(0).source().kind()).isEqualTo(SourceConfig.Kind.USB);

        MagpieConfig feeder = loader.load(Path.of("../config/examples/bird-feeder.yaml"));
        assertThat(feeder.cameras().get(0).source().command()).startsWith("rpicam-vid");
        assertThat(feeder.zones()).singleElement().satisfies(zone -> assertThat(zone.rules().get(0).label()).isEqualTo("bird"));
        assertThat(feeder.mqtt().enabled()).isTrue();
        assertThat(feeder.mqtt().discovery()).isTrue();
        assertThat(feeder.mqtt().password()).isEqualTo(SecretRef.ofCredential("mqtt.password", "mqtt-password"));
        assertThat(feeder.mqtt().clientId()).isEqualTo("magpie-garden-feeder");

        MagpieConfig maker = loader.load(Path.of("../config/examples/maker-gpio.yaml"));
        assertThat(maker.gpio().pir().mode()).isEqualTo(GpioConfig.PirMode.GATE);
        assertThat(maker.gpio().buttons()).extracting(GpioConfig.ButtonConfig::label).containsExactly("cat", "None");
        assertThat(maker.gpio().outputs()).singleElement()
                .satisfies(out -> assertThat(out.kind()).isEqualTo(GpioConfig.OutputKind.LED));
    }

    @Test
    void tenKindsOfMistakeAreAllReportedAtOnceWithLineAndPath() {
        String yaml = """
                device:
                  nmae: kitchen
                cameras:
                  - name: front
                    fps: fast
                    source:
                      usb: /dev/video0
                      mjpeg: http://cam.local/video
                    password: hunter2
                motion:
                  pixel_threshold: 300
                zones:
                  - name: door
                    camera: front
                    rect: [0, 0, 100, 100]
                  - name: door
                    camera: back
                    rect: [0, 0, 100, 100]
                    rules:
                      - label: cat!
                mqtt:
                  enabled: true
                  broker: tcp://localhost:1883
                  password: {env: MQTT_PASSWORD}
                gpio:
                  buttons:
                    - pin: 17
                      label: cat
                      zone: door
                  outputs:
                    - pin: 17
                      label: cat
                """;
        assertThatThrownBy(() -> loader.parse(yaml, "magpie.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "line 2: device.nmae: unknown key; did you mean name? known keys here: id, name",
                        "line 5: cameras[0].fps = fast: expected a whole number",
                        "line 8: cameras[0].source.mjpeg = http://cam.local/video: a camera has exactly one source, and this one"
                                + " also sets usb; remove one (add a second camera for a second source)",
                        "line 9: cameras[0].password = (hidden): a password is never written into the file; use password:"
                                + " {env: VARIABLE}, {file: /etc/magpie/secret-file} or {credential: NAME} (systemd LoadCredential=NAME:/path)",
                        "line 11: motion.pixel_threshold = 300: must be between 1 and 255",
                        "line 16: zones[1].name = door: duplicate zone; also at line 13 (zones[0].name); give each its own name",
                        "line 17: zones[1].camera = back: no camera has this name; configured cameras: front",
                        "line 20: zones[1].rules[0].label = cat!: not a valid label name; use 1-32 characters A-Z, a-z, 0-9 or _",
                        "line 24: mqtt.password = {env: MQTT_PASSWORD}: mqtt.password is set but mqtt.username is not;"
                                + " set username too, or remove password",
                        "line 31: gpio.outputs[0].pin = 17: pin already used at line 27 (gpio.buttons[0].pin); each GPIO pin may be used once"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void zoneMayLeaveOutTheCameraOnlyWhenThereIsOne() throws Exception {
        String two = """
                cameras:
                  - {name: a, source: {usb: "0"}}
                  - {name: b, source: {simulated: shelf}}
                zones:
                  - {name: z, rect: [0, 0, 10, 10]}
                """;
        assertThatThrownBy(() -> loader.parse(two, "t"))
                .hasMessageContaining("line 5: zones[0].camera: required when more than one camera is configured; use one of: a, b");
        MagpieConfig one = loader.parse("cameras:\n  - {name: a, source: {usb: 0}}\nzones:\n  - {name: z, rect: [0, 0, 10, 10]}\n", "t");
        assertThat(one.zones().get(0).camera()).isEqualTo("a");
        assertThat(one.cameras().get(0).source().usb()).isEqualTo("0");
    }

    @Test
    void droppedListItemsDoNotShiftThePathsOfLaterProblems() {
        String yaml = """
                cameras:
                  - {source: {usb: "0"}}
                  - {name: a, source: {usb: "0"}}
                  - {name: a, source: {usb: "1"}}
                """;
        assertThatThrownBy(() -> loader.parse(yaml, "t")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "line 2: cameras[0].name: required: every camera needs a name",
                        "line 4: cameras[2].name = a: duplicate camera; also at line 3 (cameras[1].name); give each its own name"));
    }

    @Test
    void tlsNeedsAnSslBrokerButAnSslBrokerNeedsNoTls() throws Exception {
        assertThatThrownBy(() -> loader.parse("mqtt:\n  broker: tcp://h:1883\n  tls:\n    ca_file: /ca.pem\n", "t"))
                .hasMessageContaining("line 3: mqtt.tls = ").hasMessageContaining("TLS settings need an ssl:// broker");
        assertThat(loader.parse("mqtt:\n  enabled: true\n  broker: ssl://h:8883\n", "t").mqtt().tls().isEmpty()).isTrue();
    }

    @Test
    void enabledMqttNeedsABroker() {
        assertThatThrownBy(() -> loader.parse("mqtt:\n  enabled: true\n", "t"))
                .hasMessageContaining("line 1: mqtt.broker: required when mqtt.enabled is true");
    }

    @Test
    void zoneReachingOutsideItsCameraFrameIsReported() {
        String yaml = "cameras:\n  - {name: a, source: {usb: 0}, width: 640, height: 480}\nzones:\n  - {name: z, rect: [600, 0, 100, 10]}\n";
        assertThatThrownBy(() -> loader.parse(yaml, "t"))
                .hasMessageContaining("line 4: zones[0].rect = [600, 0, 100, 10]: reaches outside camera a's 640x480 frame");
    }

    @Test
    void duplicateKeyIsReportedWithBothLines() {
        assertThatThrownBy(() -> loader.parse("motion:\n  enabled: true\n  enabled: false\n", "t"))
                .hasMessageContaining("line 3: motion.enabled: appears twice in one section (first at line 2)");
    }

    @Test
    void deviceIdDefaultsToTheSanitisedHostName() {
        assertThat(DeviceConfig.sanitise("Kitchen-Pi.local")).isEqualTo("kitchen-pi");
        assertThat(DeviceConfig.sanitise("My Pi #2")).isEqualTo("my-pi-2");
        assertThat(DeviceConfig.sanitise("")).isEqualTo("magpie");
        assertThat(MagpieConfig.defaults().device().id()).matches("[a-z0-9_-]{1,64}");
        assertThat(MagpieConfig.defaults().mqtt().clientId()).isEqualTo("magpie-" + MagpieConfig.defaults().device().id());
    }

    @Test
    void dailyRetrainingCanBeSwitchedOff() throws Exception {
        assertThat(MagpieConfig.defaults().retraining().dailyTime()).hasValue(java.time.LocalTime.of(3, 0));
        assertThat(loader.parse("retraining:\n  daily_at: \"off\"\n", "t").retraining().dailyTime()).isEmpty();
        assertThat(loader.parse("retraining:\n  daily_at: 13:00\n", "t").retraining().dailyAt()).isEqualTo("13:00");
        assertThatThrownBy(() -> loader.parse("retraining:\n  daily_at: \"25:00\"\n", "t"))
                .hasMessageContaining("line 2: retraining.daily_at = 25:00: use a 24-hour local time");
    }
}
