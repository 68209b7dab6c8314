package dev.magpie.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zips as attackers write them: names, modes and flags {@link ZipOutputStream} alone would not produce. */
final class HostileZips {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes);
    private final Set<String> symlinks = new HashSet<>();
    private final Set<String> encrypted = new HashSet<>();
    private final Set<String> seen = new HashSet<>();

    HostileZips add(String name, byte[] content) {
        try {
            String entryName = name;
            if (!seen.add(name)) {
                // ZipOutputStream refuses duplicates: write a same-length placeholder and patch it afterwards.
                entryName = "\u0001" + name.substring(1);
                duplicates.add(entryName);
            }
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(content);
            zip.closeEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Set<String> duplicates = new HashSet<>();

    HostileZips symlink(String name, String target) {
        symlinks.add(name);
        return add(name, target.getBytes(StandardCharsets.UTF_8));
    }

    HostileZips encrypted(String name, byte[] content) {
        encrypted.add(name);
        return add(name, content);
    }

    byte[] bytes() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] data = bytes.toByteArray();
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = 0; pos + 46 < data.length; pos++) {
            int sig = buf.getInt(pos);
            boolean central = sig == 0x02014b50;
            boolean local = sig == 0x04034b50;
            if (!central && !local) {
                continue;
            }
            int nameAt = pos + (central ? 46 : 30);
            int nameLength = Short.toUnsignedInt(buf.getShort(pos + (central ? 28 : 26)));
            if (nameAt + nameLength > data.length) {
                continue;
            }
            String name = new String(data, nameAt, nameLength, StandardCharsets.UTF_8);
            if (central && symlinks.contains(name)) {
                data[pos + 5] = 3;
                buf.putInt(pos + 38, 0120777 << 16);
            }
            if (encrypted.contains(name)) {
                int flags = pos + (central ? 8 : 6);
                buf.putShort(flags, (short) (buf.getShort(flags) | 1));
            }
            if (duplicates.contains(name)) {
                String original = seenOriginal(name);
                data[nameAt] = (byte) original.charAt(0);
            }
        }
        return data;
    }

    private String seenOriginal(String placeholder) {
        for (String name : seen) {
            if (name.substring(1).equals(placeholder.substring(1))) {
                return name;
            }
        }
        throw new IllegalStateException(placeholder);
    }
}
