package dev.magpie.devices.camera;

import java.util.Arrays;

/** A byte array that grows up to a hard cap and refuses to grow past it: the memory bound for one frame. */
final class GrowableBytes {

    private final int cap;
    private byte[] bytes = new byte[64 * 1024];
    private int length;

    GrowableBytes(int cap) {
        this.cap = cap;
    }

    void append(int b) throws FrameTooLargeException {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void append(byte[] source, int offset, int count) throws FrameTooLargeException {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    int length() {
        return length;
    }

    void reset() {
        length = 0;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) throws FrameTooLargeException {
        if ((long) length + more > cap) {
            throw new FrameTooLargeException("a frame grew past the cap of " + cap + " bytes");
        }
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max((long) bytes.length * 2, length + more)));
        }
    }
}
