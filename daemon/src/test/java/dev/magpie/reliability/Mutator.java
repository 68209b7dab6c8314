package dev.magpie.reliability;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** Seeded byte-level mutations, one to four per input, as AFL's havoc stage does on a small scale. */
final class Mutator {

    private static final int[] INTERESTING = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000};

    private Mutator() {
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && data.length > 0; r++) {
            switch (random.nextInt(6)) {
                case 0 -> { // bit flips
                    for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                        int pos = random.nextInt(data.length);
                        data[pos] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> data = Arrays.copyOf(data, random.nextInt(data.length)); // truncation
                case 2 -> { // duplicate a chunk in place
                    int from = random.nextInt(data.length);
                    int len = Math.min(data.length - from, 1 + random.nextInt(256));
                    int at = random.nextInt(data.length);
                    byte[] out = new byte[data.length + len];
                    System.arraycopy(data, 0, out, 0, at);
                    System.arraycopy(data, from, out, at, len);
                    System.arraycopy(data, at, out, at + len, data.length - at);
                    data = out;
                }
                case 3 -> { // length-field tweak: an interesting 16- or 32-bit value, either byte order
                    if (data.length >= 8) {
                        int pos = random.nextInt(data.length - 4);
                        int value = INTERESTING[random.nextInt(INTERESTING.length)];
                        ByteBuffer buf = ByteBuffer.wrap(data);
                        if (random.nextBoolean()) {
                            buf.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                        }
                        if (random.nextBoolean()) {
                            buf.putShort(pos, (short) value);
                        } else {
                            buf.putInt(pos, value);
                        }
                    }
                }
                case 4 -> { // random bytes overwritten
                    int pos = random.nextInt(data.length);
                    int len = Math.min(data.length - pos, 1 + random.nextInt(16));
                    for (int i = 0; i < len; i++) {
                        data[pos + i] = (byte) random.nextInt(256);
                    }
                }
                default -> { // arithmetic on one byte (lengths off by a few)
                    int pos = random.nextInt(data.length);
                    data[pos] += (byte) (random.nextInt(35) - 17);
                }
            }
        }
        return data;
    }
}
