package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.rules.ZoneState;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MqttCommandListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMD = "magpie/cmdtest/cmd/";

    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static MqttConnection connection;
    static RecordingDaemonCommands commands;
    static MqttCommandListener listener;
    static MqttProbe probe;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).start();
        connection = MqttConnection.open(MqttSettings.builder(broker.uri(), "cmdtest", dir.resolve("mqtt")).build());
        connection.firstConnect().get(10, TimeUnit.SECONDS);
        commands = new RecordingDaemonCommands();
        listener = new MqttCommandListener(connection, commands);
        probe = MqttProbe.connect(broker.uri()).subscribe(CMD + "+/reply").subscribe("magpie/cmdtest/+/state");
    }

    @AfterAll
    static void stop() throws Exception {
        probe.close();
        listener.close();
        listener.close(); // idempotent
        connection.close();
        broker.close();
    }

    private static JsonNode send(String verb, byte[] payload) throws Exception {
        probe.publish(CMD + verb, payload, false);
        return JSON.readTree(probe.next(CMD + verb + "/reply", WAIT).payload());
    }

    private static JsonNode send(String verb, String payload) throws Exception {
        return send(verb, payload.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> verbs() {
        return Stream.of(
                Arguments.of("capture", "{\"id\":\"r1\",\"zone\":\"shelf1\",\"label\":\"empty\"}",
                        "capture[shelf1, empty]"),
                Arguments.of("capture", "{\"id\":\"r2\",\"label\":\"empty\"}", "capture[null, empty]"),
                Arguments.of("label", "{\"id\":\"r3\",\"sha256\":\"abc123\",\"label\":\"full\"}",
                        "label[abc123, full]"),
                Arguments.of("label", "{\"id\":\"r4\",\"sha256\":\"abc123\",\"label\":null}", "label[abc123, null]"),
                Arguments.of("retrain", "{\"id\":\"r5\"}", "retrain[]"),
                Arguments.of("promote", "{\"id\":\"r6\",\"version\":\"v7\"}", "promote[v7]"),
                Arguments.of("rollback", "{\"id\":\"r7\"}", "rollback[]"),
                Arguments.of("threshold", "{\"id\":\"r8\",\"zone\":\"shelf1\",\"label\":\"empty\",\"threshold\":0.8}",
                        "threshold[shelf1, empty, 0.8]"),
                Arguments.of("reload", "{\"id\":\"r9\"}", "reload[]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("verbs")
    void eachVerbCallsItsCommandAndRepliesWithTheRequestId(String verb, String payload, String expectedCall)
            throws Exception {
        int before = commands.calls().size();
        JsonNode reply = send(verb, payload);
        assertThat(reply.get("ok").asBoolean()).isTrue();
        assertThat(reply.get("error").isNull()).isTrue();
        assertThat(reply.get("message").asText()).isEqualTo(verbName(expectedCall) + " done");
        assertThat(reply.get("data").get("verb").asText()).isEqualTo(verbName(expectedCall));
        assertThat(reply.get("request_id").asText()).isEqualTo(JSON.readTree(payload).get("id").asText());
        assertThat(commands.calls()).hasSize(before + 1).last().isEqualTo(expectedCall);
    }

    @Test
    void anEmptyPayloadIsAnEmptyRequestAndANumericIdComesBack() throws Exception {
        assertThat(send("rollback", "").get("ok").asBoolean()).isTrue();
        JsonNode reply = send("reload", "{\"id\":42}");
        assertThat(reply.get("request_id").isNumber()).isTrue();
        assertThat(reply.get("request_id").asInt()).isEqualTo(42);
    }

    static Stream<Arguments> hostile() {
        byte[] huge = new byte[70 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        return Stream.of(
                Arguments.of("garbage", "capture", "not json at all".getBytes(StandardCharsets.UTF_8), "bad_json"),
                Arguments.of("truncated", "capture", "{\"label\":".getBytes(StandardCharsets.UTF_8), "bad_json"),
                Arguments.of("array", "retrain", "[1,2]".getBytes(StandardCharsets.UTF_8), "bad_json"),
                Arguments.of("not utf-8", "capture", new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "bad_json"),
                Arguments.of("huge", "capture", huge, "too_large"),
                Arguments.of("unknown verb", "selfdestruct", "{}".getBytes(StandardCharsets.UTF_8), "unknown_verb"),
                Arguments.of("label missing", "capture", "{\"zone\":\"shelf1\"}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("label a number", "capture", "{\"label\":5}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("zone an object", "capture",
                        "{\"zone\":{},\"label\":\"x\"}".getBytes(StandardCharsets.UTF_8), "invalid_argument"),
                Arguments.of("sha256 missing", "label", "{\"label\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("version missing", "promote", "{}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("threshold a string", "threshold",
                        "{\"zone\":\"a\",\"label\":\"b\",\"threshold\":\"0.5\"}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("threshold above 1", "threshold",
                        "{\"zone\":\"a\",\"label\":\"b\",\"threshold\":1.5}".getBytes(StandardCharsets.UTF_8),
                        "invalid_argument"),
                Arguments.of("threshold missing", "threshold",
                        "{\"zone\":\"a\",\"label\":\"b\"}".getBytes(StandardCharsets.UTF_8), "invalid_argument"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostilePayloadsGetAnErrorReplyAndCallNothing(String name, String verb, byte[] payload, String error)
            throws Exception {
        List<String> before = commands.calls();
        JsonNode reply = send(verb, payload);
        assertThat(reply.get("ok").asBoolean()).isFalse();
        assertThat(reply.get("error").asText()).isEqualTo(error);
        assertThat(reply.get("message").asText()).isNotBlank();
        assertThat(reply.get("request_id").isNull()).isTrue();
        assertThat(commands.calls()).isEqualTo(before);
    }

    @Test
    void anInvalidRequestStillEchoesItsId() throws Exception {
        JsonNode reply = send("promote", "{\"id\":\"x1\",\"version\":3}");
        assertThat(reply.get("error").asText()).isEqualTo("invalid_argument");
        assertThat(reply.get("request_id").asText()).isEqualTo("x1");
    }

    /**
     * A retained command would run again on every (re)subscribe. The broker marks a message retained only when it
     * replays it to a new subscription (live delivery clears the flag), so that replay is what is refused.
     */
    @Test
    void aRetainedCommandReplayedOnSubscribeIsRefused(@TempDir Path own) throws Exception {
        RecordingDaemonCommands recorder = new RecordingDaemonCommands();
        try (MqttProbe caller = MqttProbe.connect(broker.uri()).subscribe("magpie/replay/cmd/+/reply")) {
            caller.publish("magpie/replay/cmd/retrain", "{}".getBytes(StandardCharsets.UTF_8), true);
            try (MqttConnection replay = MqttConnection.open(MqttSettings.builder(broker.uri(), "replay", own)
                    .build());
                 MqttCommandListener replayListener = new MqttCommandListener(replay, recorder)) {
                JsonNode reply = JSON.readTree(caller.next("magpie/replay/cmd/retrain/reply", WAIT).payload());
                assertThat(reply.get("error").asText()).isEqualTo("invalid_argument");
                assertThat(reply.get("message").asText()).contains("retained");
                assertThat(recorder.calls()).isEmpty();
            } finally {
                caller.publish("magpie/replay/cmd/retrain", new byte[0], true); // clears the retained message
            }
        }
    }

    @Test
    void aSlowCommandRunsOnItsOwnThreadAndDoesNotStallTheClient() throws Exception {
        commands.holdRetrain();
        try (MqttAlertPublisher publisher = new MqttAlertPublisher(connection)) {
            probe.publish(CMD + "retrain", "{\"id\":\"slow\"}");
            // While retrain blocks, the client still publishes and receives.
            publisher.stateChanged(new ZoneState("shelf9", "empty", 0.9, Instant.now(), "v1"));
            assertThat(probe.next("magpie/cmdtest/shelf9/state", WAIT).text()).contains("\"empty\"");
            commands.releaseRetrain();
            JsonNode reply = JSON.readTree(probe.next(CMD + "retrain/reply", WAIT).payload());
            assertThat(reply.get("request_id").asText()).isEqualTo("slow");
            assertThat(commands.retrainThread()).isEqualTo("magpie-mqtt-commands");
        }
    }

    @Test
    void verbsOffTheAllowListAreForbidden(@TempDir Path own) throws Exception {
        RecordingDaemonCommands recorder = new RecordingDaemonCommands();
        try (MqttConnection limited = MqttConnection.open(
                MqttSettings.builder(broker.uri(), "limited", own).build());
             MqttCommandListener allowList = new MqttCommandListener(limited, recorder, Set.of("capture"),
                     MqttCommandListener.DEFAULT_MAX_PAYLOAD_BYTES);
             MqttProbe caller = MqttProbe.connect(broker.uri()).subscribe("magpie/limited/cmd/+/reply")) {
            limited.firstConnect().get(10, TimeUnit.SECONDS);
            caller.publish("magpie/limited/cmd/promote", "{\"version\":\"v1\"}");
            JsonNode reply = JSON.readTree(caller.next("magpie/limited/cmd/promote/reply", WAIT).payload());
            assertThat(reply.get("error").asText()).isEqualTo("forbidden");
            assertThat(recorder.calls()).isEmpty();
        }
    }

    private static String verbName(String call) {
        return call.substring(0, call.indexOf('['));
    }
}
