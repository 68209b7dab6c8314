package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.magpie.testing.SharedFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class OnnxBackboneTest {

    private static OnnxBackbone backbone;
    private static final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @BeforeAll
    static void load() throws Exception {
        backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void embeddingIsThe1280dPoolOutput() throws Exception {
        float[] embedding = embed("hot_dog.jpg");
        assertThat(embedding).hasSize(1280);
        double norm = 0;
        for (float v : embedding) {
            assertThat(v).isGreaterThanOrEqualTo(0f); // post-ReLU6 average pool
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isBetween(5.0, 80.0);
        assertThat(backbone.id()).isEqualTo("mobilenetv2-int8-onnx@cc028fe6");
    }

    @Test
    void batchedEmbeddingsEqualOneByOne() throws Exception {
        try (DecodedImage owl = decode("owl.jpg"); DecodedImage pets = decode("pets.jpg"); DecodedImage dog = decode("hot_dog.jpg")) {
            List<float[]> batch = backbone.embedAll(List.of(owl.bgr(), pets.bgr(), dog.bgr()));
            assertThat(batch).hasSize(3);
            float[] single = backbone.embed(pets.bgr());
            for (int i = 0; i < single.length; i++) {
                assertThat(batch.get(1)[i]).isCloseTo(single[i], within(1e-4f));
            }
        }
    }

    @Test
    void similarPhotosAreCloserThanDifferentOnes() throws Exception {
        float[] hotDog;
        float[] mirrored;
        try (DecodedImage image = decode("hot_dog.jpg")) {
            hotDog = backbone.embed(image.bgr());
            Mat flipped = new Mat();
            Core.flip(image.bgr(), flipped, 1);
            mirrored = backbone.embed(flipped);
            flipped.release();
        }
        float[] owl = embed("owl.jpg");
        assertThat(cosine(hotDog, mirrored)).isGreaterThan(cosine(hotDog, owl) + 0.2);
    }

    private static float[] embed(String sample) throws Exception {
        try (DecodedImage image = decode(sample)) {
            return backbone.embed(image.bgr());
        }
    }

    private static DecodedImage decode(String sample) throws Exception {
        return decoder.decode(Files.readAllBytes(SharedFiles.sample(sample)));
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
