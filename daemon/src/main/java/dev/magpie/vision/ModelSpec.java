package dev.magpie.vision;

import java.net.URI;

/**
 * A model file Magpie knows how to find and check: where it comes from, what it must hash to, and how big it is.
 *
 * @param name folder name under a model directory, e.g. {@code mobilenetv2-int8-onnx}
 * @param fileName the file inside that folder
 * @param sha256 lowercase hex digest the bytes must have
 * @param source where a board downloads it once when no local copy exists
 * @param sizeBytes the expected size, used to refuse an oversized download early
 */
public record ModelSpec(String name, String fileName, String sha256, URI source, long sizeBytes) {

    public static final ModelSpec MOBILENET_V2_INT8 = new ModelSpec(
            "mobilenetv2-int8-onnx",
            "mobilenetv2-12-int8.onnx",
            "cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f",
            URI.create("https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx"),
            3_655_033L);

    /**
     * YOLOX-nano (COCO, 416×416). Megvii's own release file differs in bytes; this is the one the shared MODEL.md
     * checked, from iinfer at the commit pinned in the URL (the file was removed from that repository later).
     */
    public static final ModelSpec YOLOX_NANO = new ModelSpec(
            "yolox-nano-onnx",
            "yolox_nano.onnx",
            "d39bee73564e338080378b0ad567fbb40e818b55bbfaf971de82a0267ed16b8a",
            URI.create("https://raw.githubusercontent.com/hamacom2004jp/iinfer/c7f9a3c5216c6f8b3e8b35886f863dffa2dc0bf9/models/yolox_nano.onnx"),
            3_713_911L);

    /** iNaturalist birds, MobileNetV2 uint8 TFLite (964 species + background), from google-coral/test_data. */
    public static final ModelSpec INAT_BIRD = new ModelSpec(
            "inat-bird-tflite",
            "mobilenet_v2_1.0_224_inat_bird_quant.tflite",
            "350fcd8cf1df1560060d464595dfed8b174b05792788052896004848d9ad04f9",
            URI.create("https://raw.githubusercontent.com/google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41/mobilenet_v2_1.0_224_inat_bird_quant.tflite"),
            3_579_500L);

    /** The 965 labels of {@link #INAT_BIRD}, line i = output i ({@code Latin name (Common Name)}, last {@code background}). */
    public static final ModelSpec INAT_BIRD_LABELS = new ModelSpec(
            "inat-bird-tflite",
            "inat_bird_labels.txt",
            "a16108dfe3f8daff015b87a97ab6a17e717b9b1bccd719f6d8f747746d7b9277",
            URI.create("https://raw.githubusercontent.com/google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41/inat_bird_labels.txt"),
            37_146L);

    public ModelSpec withSource(URI newSource) {
        return new ModelSpec(name, fileName, sha256, newSource, sizeBytes);
    }
}
