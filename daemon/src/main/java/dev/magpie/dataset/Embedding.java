package dev.magpie.dataset;

/** One cached embedding: the vector an embedder produced for one view (0 = the original, 1.. = augmented views). */
public record Embedding(String sha256, String embedderId, int view, float[] vector) {
}
