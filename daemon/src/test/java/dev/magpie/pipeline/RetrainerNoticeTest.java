package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainerNoticeTest {

    @TempDir
    Path dataDir;

    @Test
    void failureWhoseMessageSpansLinesAndQuotesStillGivesAValidJsonNotice() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ModelRegistry registry = new ModelRegistry(dataDir, 1280, json);
        List<String> notices = new CopyOnWriteArrayList<>();
        AlertSink sink = new AlertSink() {
            @Override
            public void stateChanged(ZoneState state) {
            }

            @Override
            public void event(ZoneEvent event, byte[] snapshotJpeg) {
            }

            @Override
            public void notice(String topic, String body) {
                notices.add(topic + " " + body);
            }
        };
        try (LoadedModels models = new LoadedModels(registry, null);
             Retrainer retrainer = new Retrainer(() -> {
                 throw new IllegalStateException("[ONNXRuntimeError] : 6 :\n\tnode \"Gemm\" failed\u0001");
             }, registry, models, sink, new PromotionPolicy(0.02), 0, false, Clock.systemUTC())) {
            Retrainer.Outcome outcome = retrainer.request("test").get(10, TimeUnit.SECONDS);

            assertThat(outcome.promoted()).isFalse();
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).startsWith("retrain ");
            JsonNode notice = json.readTree(notices.get(0).substring("retrain ".length()));
            assertThat(notice.get("version").isNull()).isTrue();
            assertThat(notice.get("promoted").asBoolean()).isFalse();
            assertThat(notice.get("reason").asText()).isEqualTo(
                    "training failed: [ONNXRuntimeError] : 6 :\n\tnode \"Gemm\" failed\u0001");
        }
    }
}
