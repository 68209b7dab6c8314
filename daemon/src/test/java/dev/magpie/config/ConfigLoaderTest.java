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
                .hasMessageContaining("line 2: training.seed");
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
}
