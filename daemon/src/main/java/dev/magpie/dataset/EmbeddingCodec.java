package dev.magpie.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float vectors as little-endian BLOBs, so a cache written on an x86 box reads the same on an ARM board. */
final class EmbeddingCodec {

    private EmbeddingCodec() {
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] blob) {
        if (blob.length % Float.BYTES != 0) {
            throw new IllegalStateException("embedding blob of " + blob.length + " bytes is not a whole number of floats");
        }
        float[] vector = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
