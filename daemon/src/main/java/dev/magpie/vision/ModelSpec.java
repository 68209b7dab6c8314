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

    public ModelSpec withSource(URI newSource) {
        return new ModelSpec(name, fileName, sha256, newSource, sizeBytes);
    }
}
